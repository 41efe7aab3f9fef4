using Sourcing.Service.Tests.Infrastructure;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Security;

/// <summary>Facts that decide money come from the service: a caller cannot lift its own credit limit.</summary>
[Collection(RedisCollection.Name)]
public sealed class CreditFactsTests(RedisFixture redis) : IAsyncLifetime
{
    private readonly SourcingHost _host = new(redis.Server.Endpoint, new Dictionary<string, string?>
    {
        ["Customers:DefaultCreditLimitMinor"] = "0",
        ["Customers:CreditLimitMinorBySegment:b2b"] = "100000",
    });

    public async Task InitializeAsync()
    {
        await TestNetwork.AddAsync(_host);
        await TestNetwork.Stock(_host, "TENT", "WH-FRANKFURT", 100);
    }

    [Theory]
    [InlineData("b2b", 5, false)]
    [InlineData("b2b", 60, true)]
    [InlineData("retail", 1, true)]
    public async Task SourceOrder_InvoiceOrder_CreditCheckedAgainstTheSegmentsLimitNotTheRequests(string segment, int quantity, bool held)
    {
        var request = TestNetwork.Order($"credit-{segment}-{quantity}", TestNetwork.Frankfurt, TestNetwork.Line("1", "TENT", quantity));
        request.PaymentMethod = "invoice";
#pragma warning disable CS0612 // The deprecated fields are what an attacker would still send.
        request.Customer = new Customer { Id = "C-1", Segment = segment, CreditLimitMinor = 1_000_000_000_000, OpenBalanceMinor = -1_000_000_000_000 };
#pragma warning restore CS0612

        var response = await _host.Sourcing.SourceOrderAsync(request);

        // 1,999 cents a unit: 5 units fit under 1,000 EUR, 60 do not; a retail customer has no credit at all.
        Assert.Equal(held, response.Holds.Any(h => h.Code == "CREDIT_CHECK"));
    }

    public Task DisposeAsync()
    {
        _host.Dispose();
        return Task.CompletedTask;
    }
}
