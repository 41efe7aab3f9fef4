using Google.Protobuf;
using System.Buffers.Text;
using System.Text;
using Grpc.Core;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Customers;

/// <summary>
/// CustomerService attacked as an outsider would, through the real host on PostgreSQL and Redis: hostile input on
/// every field, races, other people's data, and refusals that must change nothing and never answer UNKNOWN.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class HostileCustomerTests(RedisFixture redis)
{
    private static readonly StatusCode[] Refusals =
        [StatusCode.InvalidArgument, StatusCode.NotFound, StatusCode.FailedPrecondition, StatusCode.AlreadyExists, StatusCode.PermissionDenied];

    private static string Token(string text) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));

    private static RegisterCustomerRequest Registration(string requestId, string card, string name) => new()
    {
        RequestId = requestId,
        Contact = new ContactData
        {
            GivenName = name, FamilyName = "Hostile", Email = name.ToLowerInvariant() + "@example.org", Phone = "+49 30 5550" + card[^3..],
            Addresses = { new CustomerAddress { Label = "home", Address = new PostalAddress { Name = name, Street = "Probestraße 1", PostalCode = "10115", City = "Berlin" } } },
        },
        Identities = { new CustomerIdentityInput { Kind = IdentityKind.LoyaltyCard, Value = card } },
    };

    /// <summary>Runs each probe; collects those that answered a status outside the refusals (or succeeded when they should not).</summary>
    private static async Task<List<string>> ProbeAsync(IEnumerable<(string Name, Func<Task> Call, bool MaySucceed)> probes)
    {
        var wrong = new List<string>();
        foreach (var (name, call, maySucceed) in probes)
        {
            try
            {
                await call();
                if (!maySucceed)
                {
                    wrong.Add(name + ": succeeded");
                }
            }
            catch (RpcException e) when (!Refusals.Contains(e.StatusCode))
            {
                wrong.Add($"{name}: {e.StatusCode} {e.Status.Detail}");
            }
            catch (RpcException)
            {
                // A refusal: what the brief asks.
            }
        }

        return wrong;
    }

    [Fact]
    public async Task CustomerService_HostileInputOnPostgres_NeverUnknownAndChangesNothing()
    {
        await using var bed = await CustomerTestBed.StartAsync(redis);
        var agent = bed.Agent;
        var anna = await agent.RegisterCustomerAsync(Registration("h-1", "LC-7001", "Anna"));
        var bert = await agent.RegisterCustomerAsync(Registration("h-2", "LC-7002", "Bert"));
        var id = anna.CustomerId;
        ContactData Contact(Action<ContactData> spoil)
        {
            var contact = anna.Contact.Clone();
            spoil(contact);
            return contact;
        }

        Func<Task> Update(Action<ContactData> spoil) => () => agent.UpdateContactDataAsync(new UpdateContactDataRequest { CustomerId = id, Contact = Contact(spoil) }).ResponseAsync;
        Func<Task> Search(string query, CustomerSearchField field = CustomerSearchField.Any, int size = 0, string token = "") =>
            () => agent.SearchCustomersAsync(new SearchCustomersRequest { Query = query, Field = field, PageSize = size, PageToken = token }).ResponseAsync;
        Func<Task> Timeline(string token, int size = 0) => () => agent.ListCustomerTimelineAsync(new ListCustomerTimelineRequest { CustomerId = id, PageToken = token, PageSize = size }).ResponseAsync;

        var refused = new List<(string, Func<Task>, bool)>
        {
            ("nul given name", Update(c => c.GivenName = "An\u0000na"), false),
            ("nul street", Update(c => c.Addresses[0].Address.Street = "Probe\u0000straße"), false),
            ("nul address name", Update(c => c.Addresses[0].Address.Name = "\u0000"), false),
            ("nul postal", Update(c => c.Addresses[0].Address.PostalCode = "10\u0000"), false),
            ("nul label", Update(c => c.Addresses[0].Label = "ho\u0000me"), false),
            ("nul consent purpose", Update(c => c.Consents.Add(new Consent { Purpose = "p\u0000" })), false),
            ("nul consent source", Update(c => c.Consents.Add(new Consent { Purpose = "p", Source = "s\u0000" })), false),
            ("nul language", Update(c => c.Language = "de\u0000"), false),
            ("nul email", Update(c => c.Email = "a\u0000@b.de"), false),
            ("nul phone", Update(c => c.Phone = "+4930555\u00000123"), false),
            ("bidi email", Update(c => c.Email = "a\u202e@b.de"), true),
            ("language junk", Update(c => c.Language = "!!"), false),
            ("country junk", Update(c => c.Addresses[0].Address.Country = "ZZ"), true),
            ("21 addresses", Update(c => c.Addresses.AddRange(Enumerable.Range(0, 20).Select(i => new CustomerAddress { Label = "x" + i }))), false),
            ("dup label case", Update(c => c.Addresses.Add(new CustomerAddress { Label = "HOME" })), true),
            ("two default shipping", Update(c => { c.Addresses[0].DefaultShipping = true; c.Addresses.Add(new CustomerAddress { Label = "b", DefaultShipping = true }); }), true),
            ("nul segment", () => agent.ClassifyCustomerAsync(new ClassifyCustomerRequest { CustomerId = id, Segment = "s\u0000", Reason = "r" }).ResponseAsync, false),
            ("nul reason classify", () => agent.ClassifyCustomerAsync(new ClassifyCustomerRequest { CustomerId = id, Vip = true, Reason = "r\u0000" }).ResponseAsync, false),
            ("nul identity scope", () => agent.AddIdentityAsync(new CustomerIdentityRequest { CustomerId = id, Identity = new CustomerIdentityInput { Kind = IdentityKind.Account, Scope = "w\u0000", Value = "a" } }).ResponseAsync, false),
            ("nul identity value", () => agent.AddIdentityAsync(new CustomerIdentityRequest { CustomerId = id, Identity = new CustomerIdentityInput { Kind = IdentityKind.LoyaltyCard, Value = "L\u0000" } }).ResponseAsync, false),
            // Documented: removing an identity the customer does not hold changes nothing (Bert keeps his card: checked below).
            ("remove unknown identity", () => agent.RemoveIdentityAsync(new CustomerIdentityRequest { CustomerId = id, Identity = new CustomerIdentityInput { Kind = IdentityKind.LoyaltyCard, Value = "NOPE" } }).ResponseAsync, true),
            ("remove other's identity", () => agent.RemoveIdentityAsync(new CustomerIdentityRequest { CustomerId = id, Identity = new CustomerIdentityInput { Kind = IdentityKind.LoyaltyCard, Value = "LC-7002" } }).ResponseAsync, true),
            ("unknown id get", () => agent.GetCustomerAsync(new GetCustomerRequest { CustomerId = "CUS-NOPE" }).ResponseAsync, false),
            ("nul id get", () => agent.GetCustomerAsync(new GetCustomerRequest { CustomerId = "CUS\u0000" }).ResponseAsync, false),
            ("percent id get", () => agent.GetCustomerAsync(new GetCustomerRequest { CustomerId = "%" }).ResponseAsync, false),
            ("search 1 char", Search("a"), true),
            ("search 200", Search(new string('a', 200)), true),
            ("search 201", Search(new string('a', 201)), false),
            ("search spaces", Search("     "), false),
            ("search punctuation", Search("!?.,;:"), true),
            ("search percent", Search("%"), true),
            ("search underscore", Search("_"), true),
            ("search backslash", Search("\\"), true),
            ("search regex", Search(".*[a-z]+(?=x)$^|\\d{3}"), true),
            ("search nul", Search("An\u0000na"), false),
            ("search percent order", Search("%", CustomerSearchField.OrderNumber), true),
            ("search backslash invoice", Search("\\", CustomerSearchField.InvoiceNumber), true),
            ("search underscore rma", Search("_", CustomerSearchField.RmaNumber), true),
            ("search percent phone", Search("%", CustomerSearchField.Phone), true),
            ("search emoji", Search("😀😀😀"), true),
            ("search size -1", Search("Anna", size: -1), false),
            ("search size max", Search("Anna", size: int.MaxValue), false),
            ("search random token", Search("Anna", token: Token("\u0001\u00ff garbage")), false),
            ("search negative token", Search("Anna", token: Token("o:-1")), false),
            ("search big token", Search("Anna", token: Token("o:99999999999")), false),
            ("search token 1000", Search("Anna", token: Token("o:1000")), true),
            ("search bad base64", Search("Anna", token: "AAAAA"), false),
            ("timeline random token", Timeline(Token("garbage")), false),
            ("timeline bad base64", Timeline("A"), false),
            ("timeline nul subject", Timeline(Token("638000000000000000|Order|\u0000|1")), false),
            ("timeline negative seq", Timeline(Token("638000000000000000|Order|x|-5")), true),
            ("timeline max ticks", Timeline(Token("3155378975999999999|Customer|x|2147483647")), true),
            ("timeline zero ticks", Timeline(Token("0|Customer||0")), true),
            ("timeline unspecified source", Timeline(Token("638000000000000000|Unspecified|x|1")), true),
            ("timeline size max", Timeline("", int.MaxValue), false),
            ("timeline size -1", Timeline("", -1), false),
            ("overview size max", () => agent.GetCustomerOverviewAsync(new GetCustomerOverviewRequest { CustomerId = id, TimelinePageSize = int.MaxValue }).ResponseAsync, false),
            ("merge self", () => agent.MergeCustomersAsync(new MergeCustomersRequest { SurvivorId = id, MergedId = id, Reason = "r" }).ResponseAsync, false),
            ("merge unknown", () => agent.MergeCustomersAsync(new MergeCustomersRequest { SurvivorId = id, MergedId = "CUS-NOPE", Reason = "r" }).ResponseAsync, false),
            ("merge into unknown", () => agent.MergeCustomersAsync(new MergeCustomersRequest { SurvivorId = "CUS-NOPE", MergedId = id, Reason = "r" }).ResponseAsync, false),
            ("undo never made", () => agent.UndoMergeAsync(new UndoMergeRequest { MergedCustomerId = id, Reason = "r" }).ResponseAsync, false),
            ("undo unknown", () => agent.UndoMergeAsync(new UndoMergeRequest { MergedCustomerId = "CUS-NOPE", Reason = "r" }).ResponseAsync, false),
            ("erase unknown", () => agent.EraseCustomerAsync(new EraseCustomerRequest { CustomerId = "CUS-NOPE", Reason = "r" }).ResponseAsync, false),
            ("erase nul reason", () => agent.EraseCustomerAsync(new EraseCustomerRequest { CustomerId = id, Reason = "r\u0000" }).ResponseAsync, false),
            ("export unknown", () => agent.ExportCustomerDataAsync(new ExportCustomerDataRequest { CustomerId = "CUS-NOPE" }).ResponseAsync, false),
            ("register nul request id", () => agent.RegisterCustomerAsync(Registration("h\u0000", "LC-7003", "Carl")).ResponseAsync, false),
            ("register taken identity", () => agent.RegisterCustomerAsync(Registration("h-3", "LC-7001", "Carl")).ResponseAsync, false),
            ("register reused request id", () => agent.RegisterCustomerAsync(Registration("h-1", "LC-7004", "Dora")).ResponseAsync, false),
            ("register dup identities", () => agent.RegisterCustomerAsync(new RegisterCustomerRequest
            {
                RequestId = "h-5",
                Identities = { new CustomerIdentityInput { Kind = IdentityKind.LoyaltyCard, Value = "LC-9" }, new CustomerIdentityInput { Kind = IdentityKind.LoyaltyCard, Value = "lc-9" } },
            }).ResponseAsync, true),
        };

        var wrong = await ProbeAsync(refused);
        var after = await agent.GetCustomerAsync(new GetCustomerRequest { CustomerId = id });
        var bertAfter = await agent.GetCustomerAsync(new GetCustomerRequest { CustomerId = bert.CustomerId });
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.Equal(bert.Version, bertAfter.Version);
        Assert.True(after.Contact.GivenName == "Anna" && !after.Contact.Email.Contains('\u0000'), after.ToString());
    }

    [Fact]
    public async Task ListCustomerTimeline_ForgedTokenWithNulInSubject_InvalidArgumentNamingPageToken()
    {
        await using var bed = await CustomerTestBed.StartAsync(redis);
        var anna = await bed.Agent.RegisterCustomerAsync(Registration("t-1", "LC-7101", "Anna"));
        var forged = Token("638000000000000000|Order|ORD\u0000|1");

        // PostgreSQL refuses a NUL in a text parameter: before the fix this was UNKNOWN naming PostgresException.
        await RpcAssert.InvalidArgumentAsync("page_token", () => bed.Agent.ListCustomerTimelineAsync(
            new ListCustomerTimelineRequest { CustomerId = anna.CustomerId, PageToken = forged }).ResponseAsync);
        await RpcAssert.InvalidArgumentAsync("page_token", () => bed.CustomerClient(anna.CustomerId).ListCustomerTimelineAsync(
            new ListCustomerTimelineRequest { PageToken = Token("0|Customer|\u0007|0") }).ResponseAsync);
    }

    [Fact]
    public async Task ListCustomerTimeline_TokenFromAnotherCustomersTimeline_NoEntryOfTheOther()
    {
        await using var bed = await CustomerTestBed.StartAsync(redis);
        var anna = await bed.Agent.RegisterCustomerAsync(Registration("t-2", "LC-7201", "Anna"));
        var bert = await bed.Agent.RegisterCustomerAsync(Registration("t-3", "LC-7202", "Bert"));
        await bed.Agent.ClassifyCustomerAsync(new ClassifyCustomerRequest { CustomerId = bert.CustomerId, Vip = true, Reason = "r" });
        var bertPage = await bed.Agent.ListCustomerTimelineAsync(new ListCustomerTimelineRequest { CustomerId = bert.CustomerId, PageSize = 1 });
        Assert.NotEmpty(bertPage.NextPageToken);

        var annaPage = await bed.CustomerClient(anna.CustomerId).ListCustomerTimelineAsync(new ListCustomerTimelineRequest { PageToken = bertPage.NextPageToken });
        Assert.All(annaPage.Entries, e => Assert.NotEqual(bert.CustomerId, e.Subject));
    }

    [Fact]
    public async Task CreateOrder_TenConcurrentWithTheSameNewIdentity_OneCustomerHoldsAllOrders()
    {
        await using var bed = await CustomerTestBed.StartAsync(redis);
        var orders = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => bed.WebOrders.CreateOrderAsync(
            CustomerTestBed.OrderFor("race-" + i, "web", IdentityKind.Account, "acc-race", "Rita Race", "rita@example.org", "", "Rennweg 1")).ResponseAsync));

        var customerId = Assert.Single(orders.Select(o => o.Customer.Id).Distinct());
        var customer = await bed.Agent.GetCustomerAsync(new GetCustomerRequest { CustomerId = customerId });
        Assert.Equal(CustomerStatus.Active, customer.Status);
        var overview = await bed.Agent.GetCustomerOverviewAsync(new GetCustomerOverviewRequest { CustomerId = customerId });
        Assert.Equal(10, overview.OrdersTotal);
        var found = await bed.Agent.SearchCustomersAsync(new SearchCustomersRequest { Query = "Rita Race", Field = CustomerSearchField.Name });
        Assert.Equal(customerId, Assert.Single(found.Results).CustomerId);
    }

    [Fact]
    public async Task UpdateContactData_TenConcurrentWithTheSameExpectedVersion_OneWinsVersionsContiguous()
    {
        await using var bed = await CustomerTestBed.StartAsync(redis);
        var anna = await bed.Agent.RegisterCustomerAsync(Registration("u-1", "LC-7301", "Anna"));
        var calls = Enumerable.Range(0, 10).Select(async i =>
        {
            var contact = anna.Contact.Clone();
            contact.GivenName = "Anna" + i;
            try
            {
                return (await bed.Agent.UpdateContactDataAsync(new UpdateContactDataRequest
                {
                    CustomerId = anna.CustomerId, ExpectedContactVersion = anna.ContactVersion, Contact = contact,
                })).ContactVersion;
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.FailedPrecondition or StatusCode.Aborted)
            {
                return 0;
            }
        }).ToList();

        var versions = await Task.WhenAll(calls);
        Assert.Single(versions, v => v != 0);
        var after = await bed.Agent.GetCustomerAsync(new GetCustomerRequest { CustomerId = anna.CustomerId });
        Assert.Equal(anna.ContactVersion + 1, after.ContactVersion);
        Assert.Equal(Enumerable.Range(1, after.ContactVersion - 1), after.ContactHistory.Select(h => h.Version));
    }

    [Fact]
    public async Task MergeCustomers_AIntoBRacingBIntoA_NeverBothMergedNorACycle()
    {
        await using var bed = await CustomerTestBed.StartAsync(redis);
        for (var round = 0; round < 5; round++)
        {
            var a = await bed.Agent.RegisterCustomerAsync(Registration("m-a" + round, "LC-74" + round + "1", "Anna"));
            var b = await bed.Agent.RegisterCustomerAsync(Registration("m-b" + round, "LC-74" + round + "2", "Bert"));
            async Task<bool> Merge(string survivor, string merged)
            {
                try
                {
                    await bed.Agent.MergeCustomersAsync(new MergeCustomersRequest { SurvivorId = survivor, MergedId = merged, Reason = "race" });
                    return true;
                }
                catch (RpcException e) when (e.StatusCode is StatusCode.FailedPrecondition or StatusCode.Aborted)
                {
                    return false;
                }
            }

            var won = await Task.WhenAll(Merge(a.CustomerId, b.CustomerId), Merge(b.CustomerId, a.CustomerId));
            Assert.Single(won, w => w);
            var statuses = new[]
            {
                (await bed.Agent.GetCustomerAsync(new GetCustomerRequest { CustomerId = a.CustomerId })).Status,
                (await bed.Agent.GetCustomerAsync(new GetCustomerRequest { CustomerId = b.CustomerId })).Status,
            };
            Assert.Single(statuses, s => s == CustomerStatus.Active);
        }
    }

    [Fact]
    public async Task MergeCustomers_RacingAnOrderWithTheMergedIdentity_OrderLandsOnAFindableCustomer()
    {
        await using var bed = await CustomerTestBed.StartAsync(redis);
        var survivor = await bed.WebOrders.CreateOrderAsync(
            CustomerTestBed.OrderFor("mo-1", "web", IdentityKind.Account, "acc-mo-1", "Mona Merge", "mona@example.org", "", "Mergeweg 1"));
        var merged = await bed.WebOrders.CreateOrderAsync(
            CustomerTestBed.OrderFor("mo-2", "web", IdentityKind.Account, "acc-mo-2", "Mona Merge", "mona2@example.org", "", "Mergeweg 1"));
        var merge = bed.Agent.MergeCustomersAsync(new MergeCustomersRequest { SurvivorId = survivor.Customer.Id, MergedId = merged.Customer.Id, Reason = "dup" }).ResponseAsync;
        var order = bed.WebOrders.CreateOrderAsync(
            CustomerTestBed.OrderFor("mo-3", "web", IdentityKind.Account, "acc-mo-2", "Mona Merge", "mona2@example.org", "", "Mergeweg 1")).ResponseAsync;
        await merge;
        var placed = await order;

        var landed = await bed.Agent.GetCustomerAsync(new GetCustomerRequest { CustomerId = placed.Customer.Id });
        Assert.NotEqual(CustomerStatus.Erased, landed.Status);
        var overview = await bed.Agent.GetCustomerOverviewAsync(new GetCustomerOverviewRequest { CustomerId = survivor.Customer.Id });
        Assert.Equal(3, overview.OrdersTotal);
        var found = await bed.Agent.SearchCustomersAsync(new SearchCustomersRequest { Query = placed.OrderId, Field = CustomerSearchField.OrderNumber });
        Assert.Equal(survivor.Customer.Id, Assert.Single(found.Results).CustomerId);
    }

    [Fact]
    public async Task EraseCustomer_HistoryAndIdentitiesHeldPersonalData_NothingLeftInAnyAnswer()
    {
        await using var bed = await CustomerTestBed.StartAsync(redis);
        var request = Registration("e-1", "LC-7501", "Zelda");
        request.Contact.Email = "zelda.old@example.org";
        request.Identities.Add(new CustomerIdentityInput { Kind = IdentityKind.Email, Value = "zelda.old@example.org" });
        request.Identities.Add(new CustomerIdentityInput { Kind = IdentityKind.Phone, Value = "+49 30 5557501" });
        var zelda = await bed.Agent.RegisterCustomerAsync(request);
        var contact = zelda.Contact.Clone();
        contact.Email = "zelda.new@example.org";
        contact.Addresses[0].Address.Street = "Geheimgasse 9";
        await bed.Agent.UpdateContactDataAsync(new UpdateContactDataRequest { CustomerId = zelda.CustomerId, Contact = contact });

        await bed.Agent.EraseCustomerAsync(new EraseCustomerRequest { CustomerId = zelda.CustomerId, Reason = "data subject request" });
        var again = await bed.Agent.EraseCustomerAsync(new EraseCustomerRequest { CustomerId = zelda.CustomerId, Reason = "data subject request" });
        Assert.Equal(zelda.CustomerId, again.CustomerId);

        var readable = new List<(string Where, string Text)>
        {
            ("customer", JsonFormatter.Default.Format(await bed.Agent.GetCustomerAsync(new GetCustomerRequest { CustomerId = zelda.CustomerId }))),
            ("overview", JsonFormatter.Default.Format(await bed.Agent.GetCustomerOverviewAsync(new GetCustomerOverviewRequest { CustomerId = zelda.CustomerId, TimelinePageSize = 100 }))),
            ("export", JsonFormatter.Default.Format(await bed.Agent.ExportCustomerDataAsync(new ExportCustomerDataRequest { CustomerId = zelda.CustomerId }))),
            ("timeline", JsonFormatter.Default.Format(await bed.Agent.ListCustomerTimelineAsync(new ListCustomerTimelineRequest { CustomerId = zelda.CustomerId, PageSize = 100 }))),
        };
        foreach (var (query, field) in new[] { ("Zelda Hostile", CustomerSearchField.Name), ("zelda.old@example.org", CustomerSearchField.Email), ("zelda.new@example.org", CustomerSearchField.Email), ("+49 30 5557501", CustomerSearchField.Phone), ("Zelda", CustomerSearchField.Any) })
        {
            readable.Add(("search " + query, JsonFormatter.Default.Format(await bed.Agent.SearchCustomersAsync(new SearchCustomersRequest { Query = query, Field = field }))));
        }

        readable.AddRange((await bed.Audit.ListAuditEntriesAsync(new ListAuditEntriesRequest { PageSize = 1000 })).Entries.Select(e => ("audit", JsonFormatter.Default.Format(e))));
        var leaks = new List<string>();
        foreach (var personal in new[] { "Zelda", "zelda.old", "zelda.new", "5557501", "5550501", "Probestra", "Geheimgasse", "LC-7501" })
        {
            foreach (var (where, text) in readable)
            {
                var at = text.IndexOf(personal, StringComparison.OrdinalIgnoreCase);
                if (at >= 0)
                {
                    leaks.Add($"'{personal}' in {where}: ...{text[Math.Max(0, at - 100)..Math.Min(text.Length, at + 60)]}...");
                }
            }
        }

        Assert.True(leaks.Count == 0, string.Join("\n", leaks));
    }

    [Fact]
    public async Task AddIdentity_TakenShownToACustomerToken_DoesNotNameTheHolder()
    {
        await using var bed = await CustomerTestBed.StartAsync(redis);
        var anna = await bed.Agent.RegisterCustomerAsync(Registration("i-1", "LC-7601", "Anna"));
        var bert = await bed.Agent.RegisterCustomerAsync(Registration("i-2", "LC-7602", "Bert"));
        var refused = await Assert.ThrowsAsync<RpcException>(() => bed.CustomerClient(bert.CustomerId).AddIdentityAsync(
            new CustomerIdentityRequest { Identity = new CustomerIdentityInput { Kind = IdentityKind.LoyaltyCard, Value = "LC-7601" } }).ResponseAsync);
        Assert.Contains(refused.StatusCode, Refusals);
        Assert.DoesNotContain(anna.CustomerId, refused.Status.Detail + string.Join(" ", refused.Trailers.Select(t => t.IsBinary ? Encoding.UTF8.GetString(t.ValueBytes) : t.Value)), StringComparison.Ordinal);
        await RpcAssert.StatusAsync(StatusCode.NotFound, () => bed.CustomerClient(bert.CustomerId).ExportCustomerDataAsync(new ExportCustomerDataRequest { CustomerId = anna.CustomerId }).ResponseAsync);
        await RpcAssert.StatusAsync(StatusCode.NotFound, () => bed.CustomerClient(bert.CustomerId).ListCustomerTimelineAsync(new ListCustomerTimelineRequest { CustomerId = anna.CustomerId }).ResponseAsync);
        var channel = await Assert.ThrowsAsync<RpcException>(() => bed.WebCustomers.GetCustomerOverviewAsync(new GetCustomerOverviewRequest { CustomerId = anna.CustomerId }).ResponseAsync);
        Assert.Contains(channel.StatusCode, new[] { StatusCode.PermissionDenied, StatusCode.NotFound });
    }

    [Fact]
    public async Task UndoMerge_RacingARepeatAndMergesIntoMergedOrErased_OneUndoRefusalsChangeNothing()
    {
        await using var bed = await CustomerTestBed.StartAsync(redis);
        var a = await bed.Agent.RegisterCustomerAsync(Registration("x-a", "LC-7701", "Anna"));
        var b = await bed.Agent.RegisterCustomerAsync(Registration("x-b", "LC-7702", "Bert"));
        var c = await bed.Agent.RegisterCustomerAsync(Registration("x-c", "LC-7703", "Carl"));
        await bed.Agent.MergeCustomersAsync(new MergeCustomersRequest { SurvivorId = a.CustomerId, MergedId = b.CustomerId, Reason = "dup" });
        await bed.Agent.EraseCustomerAsync(new EraseCustomerRequest { CustomerId = c.CustomerId, Reason = "request" });
        var before = await bed.Agent.GetCustomerAsync(new GetCustomerRequest { CustomerId = a.CustomerId });

        await RpcAssert.StatusAsync(StatusCode.FailedPrecondition, () => bed.Agent.MergeCustomersAsync(new MergeCustomersRequest { SurvivorId = b.CustomerId, MergedId = a.CustomerId, Reason = "r" }).ResponseAsync);
        await RpcAssert.StatusAsync(StatusCode.FailedPrecondition, () => bed.Agent.MergeCustomersAsync(new MergeCustomersRequest { SurvivorId = c.CustomerId, MergedId = a.CustomerId, Reason = "r" }).ResponseAsync);
        await RpcAssert.StatusAsync(StatusCode.FailedPrecondition, () => bed.Agent.MergeCustomersAsync(new MergeCustomersRequest { SurvivorId = a.CustomerId, MergedId = c.CustomerId, Reason = "r" }).ResponseAsync);
        Assert.Equal(before.Version, (await bed.Agent.GetCustomerAsync(new GetCustomerRequest { CustomerId = a.CustomerId })).Version);

        async Task<bool> Undo()
        {
            try
            {
                await bed.Agent.UndoMergeAsync(new UndoMergeRequest { MergedCustomerId = b.CustomerId, Reason = "mistake" });
                return true;
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.FailedPrecondition or StatusCode.Aborted)
            {
                return false;
            }
        }

        var undone = await Task.WhenAll(Undo(), Undo());
        Assert.Single(undone, u => u);
        var restored = await bed.Agent.GetCustomerAsync(new GetCustomerRequest { CustomerId = b.CustomerId });
        Assert.Equal(CustomerStatus.Active, restored.Status);
        Assert.Contains(restored.Identities, i => i.Value == "LC-7702");
        Assert.Empty((await bed.Agent.GetCustomerAsync(new GetCustomerRequest { CustomerId = a.CustomerId })).MergedFrom);
    }
}
