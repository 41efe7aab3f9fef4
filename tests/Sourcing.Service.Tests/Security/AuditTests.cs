using Grpc.Core;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Security;

/// <summary>Administrative changes land in the audit log with who, what and the outcome, refusals included.</summary>
[Collection(RedisCollection.Name)]
public sealed class AuditTests(RedisFixture redis) : IDisposable
{
    private static readonly string Admin = TestTokens.For("ops-anna", ["operations-admin"]);
    private static readonly string RulesAdmin = TestTokens.For("rules-ralf", ["rules-admin"]);

    private readonly SourcingHost _host = new(redis.Server.Endpoint, TestTokens.HostSettings()) { DefaultToken = Admin };

    private AuditService.AuditServiceClient Audit => new(_host.Channel);

    [Fact]
    public async Task ListAuditEntries_AfterAdminChanges_NamesWhoWhatAndOutcomeNewestFirst()
    {
        await _host.AddLocationAsync("WH-AUDIT");
        await RpcAssert.StatusAsync(StatusCode.InvalidArgument, () => _host.Locations.UpsertLocationAsync(new UpsertLocationRequest()).ResponseAsync);
        await new RulesService.RulesServiceClient(_host.ChannelFor(RulesAdmin)).ReloadRulesAsync(new ReloadRulesRequest());
        await _host.Inventory.GetAvailabilityAsync(new GetAvailabilityRequest { Skus = { "NOT-AUDITED" } });

        var entries = (await Audit.ListAuditEntriesAsync(new ListAuditEntriesRequest())).Entries;

        Assert.Equal(
            [("rules-ralf", "sourcing.v1.RulesService/ReloadRules"), ("ops-anna", "sourcing.v1.LocationService/UpsertLocation"), ("ops-anna", "sourcing.v1.LocationService/UpsertLocation")],
            entries.Select(e => (e.Subject, e.Method)));
        Assert.StartsWith("OK", entries[0].Outcome, StringComparison.Ordinal);
        Assert.StartsWith("InvalidArgument", entries[1].Outcome, StringComparison.Ordinal);
        Assert.Contains("WH-AUDIT", entries[2].Request, StringComparison.Ordinal);
        Assert.Equal("OK", entries[2].Outcome);
    }

    [Fact]
    public async Task ListAuditEntries_Paged_EveryEntryOnceNewestFirst()
    {
        for (var i = 0; i < 5; i++)
        {
            await _host.AddLocationAsync($"WH-PAGE-{i}");
        }

        var seen = new List<string>();
        var token = "";
        do
        {
            var page = await Audit.ListAuditEntriesAsync(new ListAuditEntriesRequest { PageSize = 2, PageToken = token });
            seen.AddRange(page.Entries.Select(e => e.Request));
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        Assert.Equal(5, seen.Count);
        Assert.All(Enumerable.Range(0, 5), i => Assert.Contains($"WH-PAGE-{4 - i}", seen[i], StringComparison.Ordinal));
    }

    [Fact]
    public async Task ListAuditEntries_ChannelToken_IsPermissionDenied()
    {
        var channel = new AuditService.AuditServiceClient(_host.ChannelFor(TestTokens.For("web", ["channel"], ["web"])));

        await RpcAssert.StatusAsync(StatusCode.PermissionDenied, () => channel.ListAuditEntriesAsync(new ListAuditEntriesRequest()).ResponseAsync);
    }

    [Fact]
    public async Task ListAuditEntries_ForgedPageToken_IsInvalidArgument()
    {
        await RpcAssert.InvalidArgumentAsync("page_token", () => Audit.ListAuditEntriesAsync(new ListAuditEntriesRequest { PageToken = "+inf) or 1=1" }).ResponseAsync);
    }

    public void Dispose() => _host.Dispose();
}
