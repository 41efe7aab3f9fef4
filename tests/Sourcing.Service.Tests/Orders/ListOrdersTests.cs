using Sourcing.Service.Tests.Infrastructure;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Orders;

[Collection(RedisCollection.Name)]
public sealed class ListOrdersTests(RedisFixture redis)
{
    [Fact]
    public async Task ListOrders_PagedByTwo_ReturnsEveryOrderOnceNewestFirst()
    {
        await using var bed = await OrderTestBed.StartAsync(redis);
        var created = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            created.Add((await bed.Web.CreateOrderAsync(OrderTestBed.NewOrder("list-" + i))).OrderId);
        }

        var first = await bed.Web.ListOrdersAsync(new ListOrdersRequest { PageSize = 2 });
        var second = await bed.Web.ListOrdersAsync(new ListOrdersRequest { PageSize = 2, PageToken = first.NextPageToken });

        Assert.Equal(2, first.Orders.Count);
        Assert.NotEmpty(first.NextPageToken);
        Assert.Empty(second.NextPageToken);
        Assert.Equal(Enumerable.Reverse(created), first.Orders.Concat(second.Orders).Select(o => o.OrderId));
        Assert.All(first.Orders, o => Assert.Equal(("web", "cust-1", "EUR", 2 * 12999 + 4999 + 495L), (o.Channel, o.CustomerId, o.Currency, o.TotalMinor)));
    }

    [Fact]
    public async Task ListOrders_BadPageTokenOrPageSize_IsInvalidArgumentNamingTheField()
    {
        await using var bed = await OrderTestBed.StartAsync(redis);

        await RpcAssert.InvalidArgumentAsync("page_token", () => bed.Web.ListOrdersAsync(new ListOrdersRequest { PageToken = "not-a-token" }).ResponseAsync);
        await RpcAssert.InvalidArgumentAsync("page_size", () => bed.Web.ListOrdersAsync(new ListOrdersRequest { PageSize = 101 }).ResponseAsync);
    }
}
