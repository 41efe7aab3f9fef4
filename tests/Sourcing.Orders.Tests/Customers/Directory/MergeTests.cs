using Sourcing.Orders.Customers;
using static Sourcing.Orders.Tests.Customers.Directory.DirectoryWorld;

namespace Sourcing.Orders.Tests.Customers.Directory;

public sealed class MergeTests
{
    private static readonly CustomerActor CallCentre = new("cc-agent", "call-centre");

    private readonly DirectoryWorld _world = new();

    private Task<StoredCustomer> MergeAsync(string survivor, string merged) =>
        _world.Directory.MergeAsync(new MergeCustomersCommand(survivor, merged, "same person, confirmed by phone"), Agent, CancellationToken.None);

    private Task<StoredCustomer> UndoAsync(string merged) =>
        _world.Directory.UndoMergeAsync(merged, "merged by mistake", Agent, CancellationToken.None);

    private async Task<(string Web, string Store, string CallCentre)> ThreeChannelsAsync()
    {
        var web = await _world.RegisterAsync("req-web", Web, Account("acc-42"));
        var store = await _world.RegisterAsync("req-store", Store, Loyalty("card-7"));
        var callCentre = await _world.RegisterAsync("req-cc", CallCentre, Phone("030 555666"));
        return (web.Document.CustomerId, store.Document.CustomerId, callCentre.Document.CustomerId);
    }

    private async Task<string> HolderAsync(IdentityKind kind, string scope, string value) =>
        (await _world.Customers.FindByIdentityAsync(kind, scope, value, CancellationToken.None))!;

    [Fact]
    public async Task MergeAsync_StoreAndCallCentreIntoWeb_IdentitiesMoveAndSurvivorListsBoth()
    {
        var (web, store, callCentre) = await ThreeChannelsAsync();

        await MergeAsync(web, store);
        var saved = await MergeAsync(web, callCentre);

        var survivor = await _world.DocumentAsync(web);
        Assert.Equal([store, callCentre], survivor.MergedFrom);
        Assert.Equal(saved.Document.MergedFrom, survivor.MergedFrom);
        Assert.Equal(["acc-42", "CARD-7", "4930555666"], survivor.Identities.Select(i => i.Value));
        Assert.Equal(web, await HolderAsync(IdentityKind.LoyaltyCard, "", "CARD-7"));
        var merged = await _world.DocumentAsync(store);
        Assert.Equal((CustomerStatus.Merged, web), (merged.Status, merged.MergedInto));
        Assert.Empty(merged.Identities);
        var record = Assert.Single(merged.Merges);
        Assert.Equal(("CARD-7", T0 + _world.Options.MergeUndoWindow), (Assert.Single(record.IdentitiesMoved).Value, record.UndoUntil));
        Assert.Equal(CustomerEventTypes.Merged, merged.Events[^1].Type);
        Assert.Equal([CustomerEventTypes.Merged, CustomerEventTypes.Merged], survivor.Events.Skip(1).Select(e => e.Type));
        Assert.DoesNotContain("same person", string.Join(" ", survivor.Events.Select(e => e.Detail)));

        var resolved = await _world.Directory.ResolveAsync(store, CancellationToken.None);
        Assert.Equal([web, store, callCentre], resolved.CustomerIds);
    }

    [Fact]
    public async Task MergeAsync_MergedOrErasedCustomer_RefusedNothingChanged()
    {
        var (web, store, callCentre) = await ThreeChannelsAsync();
        await MergeAsync(web, store);
        await _world.EraseAsync(callCentre);
        var before = _world.Customers.Snapshot();

        Assert.Equal("CUSTOMER_MERGED", (await Assert.ThrowsAsync<CustomerStateException>(() => MergeAsync(store, web))).Code);
        Assert.Equal("CUSTOMER_MERGED", (await Assert.ThrowsAsync<CustomerStateException>(() => MergeAsync(web, store))).Code);
        Assert.Equal("CUSTOMER_ERASED", (await Assert.ThrowsAsync<CustomerStateException>(() => MergeAsync(web, callCentre))).Code);
        Assert.Equal("CUSTOMER_ERASED", (await Assert.ThrowsAsync<CustomerStateException>(() => MergeAsync(callCentre, web))).Code);
        Assert.Equal(before, _world.Customers.Snapshot());
    }

    [Fact]
    public async Task MergeAsync_IntoItselfOrWithoutReason_RefusedNamingTheField()
    {
        var (web, store, _) = await ThreeChannelsAsync();

        var itself = await Assert.ThrowsAsync<ArgumentException>(() => MergeAsync(web, web));
        var noReason = await Assert.ThrowsAsync<ArgumentException>(() =>
            _world.Directory.MergeAsync(new MergeCustomersCommand(web, store, " "), Agent, CancellationToken.None));
        var noSurvivor = await Assert.ThrowsAsync<ArgumentException>(() => MergeAsync("", store));

        Assert.Equal(("merged_id", "reason", "survivor_id"), (itself.ParamName, noReason.ParamName, noSurvivor.ParamName));
    }

    [Fact]
    public async Task UndoMergeAsync_WithinWindow_RestoresIdentitiesAndStatus()
    {
        var (web, store, _) = await ThreeChannelsAsync();
        await MergeAsync(web, store);
        _world.Clock.Advance(_world.Options.MergeUndoWindow);

        var restored = await UndoAsync(store);

        Assert.Equal(CustomerStatus.Active, restored.Document.Status);
        Assert.Equal(store, await HolderAsync(IdentityKind.LoyaltyCard, "", "CARD-7"));
        var survivor = await _world.DocumentAsync(web);
        Assert.Empty(survivor.MergedFrom);
        Assert.Equal(["acc-42"], survivor.Identities.Select(i => i.Value));
        Assert.Equal(CustomerEventTypes.MergeUndone, survivor.Events[^1].Type);
        var merged = await _world.DocumentAsync(store);
        Assert.Equal(("", CustomerEventTypes.MergeUndone), (merged.MergedInto, merged.Events[^1].Type));
        Assert.Equal(T0 + _world.Options.MergeUndoWindow, Assert.Single(merged.Merges).UndoneAt);
    }

    [Fact]
    public async Task UndoMergeAsync_AfterTheWindow_RefusedNothingChanged()
    {
        var (web, store, _) = await ThreeChannelsAsync();
        await MergeAsync(web, store);
        _world.Clock.Advance(_world.Options.MergeUndoWindow + TimeSpan.FromSeconds(1));
        var before = _world.Customers.Snapshot();

        var refused = await Assert.ThrowsAsync<CustomerStateException>(() => UndoAsync(store));

        Assert.Equal("MERGE_UNDO_WINDOW_PASSED", refused.Code);
        Assert.Equal(before, _world.Customers.Snapshot());
    }

    [Fact]
    public async Task UndoMergeAsync_CustomerNotMerged_Refused()
    {
        var (web, _, _) = await ThreeChannelsAsync();

        Assert.Equal("CUSTOMER_NOT_MERGED", (await Assert.ThrowsAsync<CustomerStateException>(() => UndoAsync(web))).Code);
    }

    [Fact]
    public async Task MergeAsync_ChainedMerge_RepointsEarlierMergedAndUndoPointsThemBack()
    {
        var (a, b, c) = await ThreeChannelsAsync();
        await MergeAsync(b, a);

        await MergeAsync(c, b);

        var docA = await _world.DocumentAsync(a);
        var docB = await _world.DocumentAsync(b);
        var docC = await _world.DocumentAsync(c);
        Assert.Equal((c, c), (docA.MergedInto, docB.MergedInto));
        Assert.Empty(docB.MergedFrom);
        Assert.Equal([b, a], docC.MergedFrom);
        Assert.Equal([a], Assert.Single(docB.Merges).Repointed);
        Assert.Equal(c, await HolderAsync(IdentityKind.Account, "web", "acc-42"));
        Assert.Equal([c, b, a], (await _world.Directory.ResolveAsync(a, CancellationToken.None)).CustomerIds);

        await UndoAsync(b);

        docA = await _world.DocumentAsync(a);
        docB = await _world.DocumentAsync(b);
        docC = await _world.DocumentAsync(c);
        Assert.Equal((CustomerStatus.Merged, b), (docA.Status, docA.MergedInto));
        Assert.Equal(CustomerStatus.Active, docB.Status);
        Assert.Equal([a], docB.MergedFrom);
        Assert.Empty(docC.MergedFrom);
        Assert.Equal(b, await HolderAsync(IdentityKind.Account, "web", "acc-42"));
        Assert.Equal(b, await HolderAsync(IdentityKind.LoyaltyCard, "", "CARD-7"));
        Assert.Equal(["4930555666"], docC.Identities.Select(i => i.Value));
        Assert.Equal([b, a], (await _world.Directory.ResolveAsync(a, CancellationToken.None)).CustomerIds);
    }

    [Fact]
    public async Task UndoMergeAsync_IdentityTheSurvivorGaveUp_StaysGone()
    {
        var (web, store, _) = await ThreeChannelsAsync();
        await MergeAsync(web, store);
        await _world.Directory.RemoveIdentityAsync(web, Loyalty("card-7"), Agent, CancellationToken.None);

        var restored = await UndoAsync(store);

        Assert.Empty(restored.Document.Identities);
    }
}
