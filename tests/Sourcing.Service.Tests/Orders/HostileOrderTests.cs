using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Orders;

/// <summary>
/// OrderService as an outsider attacks it, through the real host with real PostgreSQL and Redis: input crafted to get
/// past the checks and into the database, where a refusal would surface as an unexplained fault.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class HostileOrderTests(RedisFixture redis)
{
    [Theory]
    [InlineData("O-\u0000")]
    [InlineData("O-1\n")]
    [InlineData("O-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public async Task ListOrders_PageTokenForgedWithAnOrderIdNoOrderCanHave_IsInvalidArgumentNamingPageToken(string orderId)
    {
        await using var bed = await OrderTestBed.StartAsync(redis);
        var order = await bed.Web.CreateOrderAsync(OrderTestBed.NewOrder("forged-token"));

        // A token is base64url of "<creation ticks>|<order id>": anyone can make one, with any id in it. PostgreSQL
        // refuses NUL in text outright, so such an id must be refused before it reaches a query.
        var ticks = DateTimeOffset.UtcNow.UtcTicks.ToString(CultureInfo.InvariantCulture);
        var forged = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(ticks + "|" + orderId));

        await RpcAssert.InvalidArgumentAsync("page_token", () => bed.Web.ListOrdersAsync(new ListOrdersRequest { PageToken = forged }).ResponseAsync);
        await RpcAssert.InvalidArgumentAsync("page_token", () => bed.Agent.ListOrdersAsync(new ListOrdersRequest { PageToken = forged }).ResponseAsync);
        Assert.Equal(order.OrderId, Assert.Single((await bed.Web.ListOrdersAsync(new ListOrdersRequest())).Orders).OrderId);
    }
}
