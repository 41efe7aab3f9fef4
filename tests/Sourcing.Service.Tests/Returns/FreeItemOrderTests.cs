using Sourcing.Service.Tests.Infrastructure;
using Sourcing.Service.Tests.Orders;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Returns;

/// <summary>Free items (gifts with purchase) on CreateOrder: the line they came with and their value, shown on the order.</summary>
[Collection(RedisCollection.Name)]
public sealed class FreeItemOrderTests(RedisFixture redis)
{
    [Fact]
    public async Task CreateOrder_FreeItemWithAPaidLine_IsKeptAndShownOnTheOrder()
    {
        await using var bed = await OrderTestBed.StartAsync(redis, ordersInMemory: true);
        var request = WithFreeStove("free-ok");

        var order = await bed.Web.CreateOrderAsync(request);

        var stove = OrderTestBed.Line(order, "S");
        Assert.Equal("T", stove.FreeWithLineId);
        Assert.Equal(4999, stove.FreeItemValueMinor);
        Assert.Equal("", OrderTestBed.Line(order, "T").FreeWithLineId);
        var read = await bed.Web.GetOrderAsync(new GetOrderRequest { OrderId = order.OrderId });
        Assert.Equal("T", OrderTestBed.Line(read, "S").FreeWithLineId);
    }

    [Fact]
    public async Task CreateOrder_BadFreeItemFields_AreInvalidArgumentNamingTheFieldAndCreateNothing()
    {
        await using var bed = await OrderTestBed.StartAsync(redis, ordersInMemory: true);
        var cases = new (string Field, Action<CreateOrderRequest> Spoil)[]
        {
            ("lines[1].free_with_line_id", r => r.Lines[1].FreeWithLineId = "NOPE"),
            ("lines[1].free_with_line_id", r => r.Lines[1].FreeWithLineId = "S"),
            ("lines[1].free_with_line_id", r => r.Lines[0].FreeWithLineId = "S"),
            ("lines[1].free_with_line_id", r => r.Lines[1].FreeWithLineId = "T\n"),
            ("lines[1].free_item_value_minor", r => r.Lines[1].FreeItemValueMinor = -1),
            ("lines[1].free_item_value_minor", r => r.Lines[1].FreeItemValueMinor = 1_000_000_000_001),
            ("lines[0].free_item_value_minor", r => r.Lines[0].FreeItemValueMinor = 100),
        };

        foreach (var (field, spoil) in cases)
        {
            var request = WithFreeStove("free-bad-" + Guid.NewGuid().ToString("N")[..8]);
            spoil(request);
            var violation = await RpcAssert.InvalidArgumentAsync(field, () => bed.Web.CreateOrderAsync(request).ResponseAsync);
            Assert.False(string.IsNullOrEmpty(violation.Description), field);
        }

        Assert.Empty((await bed.Web.ListOrdersAsync(new ListOrdersRequest())).Orders);
    }

    /// <summary>The test bed's web order with its stove given free with the tents (worth 49.99 €).</summary>
    private static CreateOrderRequest WithFreeStove(string requestId)
    {
        var request = OrderTestBed.NewOrder(requestId);
        request.Lines[1].UnitPriceMinor = 0;
        request.Lines[1].FreeWithLineId = "T";
        request.Lines[1].FreeItemValueMinor = 4999;
        return request;
    }
}
