using System.Text.Json.Nodes;
using Sourcing.Orders.Customers;
using Sourcing.Orders.Storage;

namespace Sourcing.Orders.Tests.Storage.Customers;

/// <summary>
/// What every <see cref="ICustomerStore"/> must do, run against each implementation. A store may be shared by the
/// tests of a class (a database per class), so each test names its customers with a prefix and words of its own and
/// only counts hits carrying that prefix.
/// </summary>
public abstract class CustomerStoreContract
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 30, 0, TimeSpan.Zero);

    private readonly string _prefix = "T" + Guid.NewGuid().ToString("N")[..10] + "-";

    protected abstract ICustomerStore Store { get; }

    // ---- Insert, get, save ----------------------------------------------------------------------------------------

    [Fact]
    public async Task SaveAsync_NewCustomer_GetAsyncReturnsTheSameDocumentAtVersionOne()
    {
        var customer = NewCustomer("a", "Anna", "Schmidt", email: "anna@example.com", phone: "+49 30 1234567", postalCode: "10115");
        customer.Identities.Add(Identity(IdentityKind.Account, "web", Id("acc")));
        customer.Events.Add(new CustomerEvent(CustomerEventTypes.Registered, T0, "web", "registered from order of channel web"));
        customer.ContactHistory.Add(new ContactVersionEntry { Version = 1, Contact = new ContactData { GivenName = "Ann" }, ChangedAt = T0, ChangedBy = "agent" });
        var written = CustomerJson.Serialize(customer);

        await Store.SaveAsync([new CustomerChange(customer, 0)], default);
        var read = await Store.GetAsync(customer.CustomerId, default);

        Assert.NotNull(read);
        Assert.Equal(1, read.Version);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(written), JsonNode.Parse(CustomerJson.Serialize(read.Document))),
            $"stored {written}\nread   {CustomerJson.Serialize(read.Document)}");
    }

    [Fact]
    public async Task GetAsync_UnknownCustomer_ReturnsNull()
    {
        Assert.Null(await Store.GetAsync(Id("nobody"), default));
    }

    [Fact]
    public async Task GetAsync_CallerChangesWhatItSavedAndRead_TheStoredDocumentStaysAsSaved()
    {
        var customer = NewCustomer("a", "Anna", "Schmidt");
        await Store.SaveAsync([new CustomerChange(customer, 0)], default);
        customer.Contact.GivenName = "changed after save";

        var first = (await Store.GetAsync(customer.CustomerId, default))!;
        first.Document.Contact.FamilyName = "changed after read";
        var second = (await Store.GetAsync(customer.CustomerId, default))!;

        Assert.Equal("Anna", second.Document.Contact.GivenName);
        Assert.Equal("Schmidt", second.Document.Contact.FamilyName);
    }

    [Fact]
    public async Task GetManyAsync_SomeIdsUnknown_ReturnsTheExistingOnesOnce()
    {
        var a = NewCustomer("a", "Anna", "A");
        var b = NewCustomer("b", "Bert", "B");
        await Store.SaveAsync([new CustomerChange(a, 0), new CustomerChange(b, 0)], default);

        var read = await Store.GetManyAsync([a.CustomerId, Id("nobody"), b.CustomerId, a.CustomerId], default);

        Assert.Equal([a.CustomerId, b.CustomerId], read.Select(c => c.Document.CustomerId).Order(StringComparer.Ordinal));
        Assert.All(read, c => Assert.Equal(1, c.Version));
    }

    [Fact]
    public async Task SaveAsync_InsertOfATakenId_ThrowsIdTakenAndKeepsTheFirst()
    {
        var first = NewCustomer("a", "Anna", "First");
        await Store.SaveAsync([new CustomerChange(first, 0)], default);

        var refused = await Assert.ThrowsAsync<CustomerIdTakenException>(
            () => Store.SaveAsync([new CustomerChange(NewCustomer("a", "Anna", "Second"), 0)], default));

        Assert.Equal(first.CustomerId, refused.CustomerId);
        var read = (await Store.GetAsync(first.CustomerId, default))!;
        Assert.Equal("First", read.Document.Contact.FamilyName);
        Assert.Equal(1, read.Version);
    }

    [Fact]
    public async Task SaveAsync_ReadVersion_IncrementsTheVersionAndStoresTheChange()
    {
        var customer = NewCustomer("a", "Anna", "Schmidt");
        await Store.SaveAsync([new CustomerChange(customer, 0)], default);
        var read = (await Store.GetAsync(customer.CustomerId, default))!;
        read.Document.Segment = "b2b";

        await Store.SaveAsync([new CustomerChange(read.Document, read.Version)], default);
        var again = (await Store.GetAsync(customer.CustomerId, default))!;

        Assert.Equal(2, again.Version);
        Assert.Equal("b2b", again.Document.Segment);
    }

    [Fact]
    public async Task SaveAsync_StaleVersion_ThrowsConcurrencyAndKeepsTheNewerChange()
    {
        var customer = NewCustomer("a", "Anna", "Schmidt");
        await Store.SaveAsync([new CustomerChange(customer, 0)], default);
        var mine = (await Store.GetAsync(customer.CustomerId, default))!;
        var theirs = (await Store.GetAsync(customer.CustomerId, default))!;
        theirs.Document.Segment = "theirs";
        await Store.SaveAsync([new CustomerChange(theirs.Document, theirs.Version)], default);
        mine.Document.Segment = "mine";

        var refused = await Assert.ThrowsAsync<CustomerConcurrencyException>(
            () => Store.SaveAsync([new CustomerChange(mine.Document, mine.Version)], default));

        Assert.Equal(customer.CustomerId, refused.CustomerId);
        var read = (await Store.GetAsync(customer.CustomerId, default))!;
        Assert.Equal("theirs", read.Document.Segment);
        Assert.Equal(2, read.Version);
    }

    [Fact]
    public async Task SaveAsync_UpdateOfAnUnknownCustomer_ThrowsConcurrencyAndCreatesNothing()
    {
        var ghost = NewCustomer("ghost", "Nobody", "Here");

        await Assert.ThrowsAsync<CustomerConcurrencyException>(() => Store.SaveAsync([new CustomerChange(ghost, 3)], default));

        Assert.Null(await Store.GetAsync(ghost.CustomerId, default));
    }

    [Fact]
    public async Task SaveAsync_EightConcurrentInsertsOfOneId_ExactlyOneWins()
    {
        var id = Id("race");
        var attempts = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            var customer = NewCustomer("race", "Racer", "No" + i);
            customer.Identities.Add(Identity(IdentityKind.LoyaltyCard, "", Id("card")));
            await Store.SaveAsync([new CustomerChange(customer, 0)], default);
            return i;
        })).ToList();

        var outcomes = await Task.WhenAll(attempts.Select(async attempt =>
        {
            try
            {
                return (Winner: (int?)await attempt, Error: (Exception?)null);
            }
            catch (Exception exception)
            {
                return (Winner: null, Error: exception);
            }
        }));

        var winner = Assert.Single(outcomes, o => o.Winner is not null).Winner;
        Assert.All(outcomes.Where(o => o.Winner is null), o => Assert.IsType<CustomerIdTakenException>(o.Error));
        var read = (await Store.GetAsync(id, default))!;
        Assert.Equal("No" + winner, read.Document.Contact.FamilyName);
        Assert.Equal(1, read.Version);
        Assert.Equal(id, await Store.FindByIdentityAsync(IdentityKind.LoyaltyCard, "", Id("card"), default));
    }

    // ---- Identities ---------------------------------------------------------------------------------------------

    [Fact]
    public async Task FindByIdentityAsync_SavedIdentity_ReturnsItsHolderAndNullForOthers()
    {
        var customer = NewCustomer("a", "Anna", "Schmidt");
        customer.Identities.Add(Identity(IdentityKind.Account, "web", Id("acc")));
        customer.Identities.Add(Identity(IdentityKind.Email, "", Id("anna") + "@example.com"));
        await Store.SaveAsync([new CustomerChange(customer, 0)], default);

        Assert.Equal(customer.CustomerId, await Store.FindByIdentityAsync(IdentityKind.Account, "web", Id("acc"), default));
        Assert.Equal(customer.CustomerId, await Store.FindByIdentityAsync(IdentityKind.Email, "", Id("anna") + "@example.com", default));
        Assert.Null(await Store.FindByIdentityAsync(IdentityKind.Account, "app", Id("acc"), default));
        Assert.Null(await Store.FindByIdentityAsync(IdentityKind.MarketplaceBuyer, "web", Id("acc"), default));
    }

    [Fact]
    public async Task SaveAsync_IdentityRemoved_FindByIdentityNoLongerFindsIt()
    {
        var customer = NewCustomer("a", "Anna", "Schmidt");
        customer.Identities.Add(Identity(IdentityKind.LoyaltyCard, "", Id("CARD")));
        await Store.SaveAsync([new CustomerChange(customer, 0)], default);
        customer.Identities.Clear();

        await Store.SaveAsync([new CustomerChange(customer, 1)], default);

        Assert.Null(await Store.FindByIdentityAsync(IdentityKind.LoyaltyCard, "", Id("CARD"), default));
    }

    [Fact]
    public async Task SaveAsync_IdentityHeldByAnotherCustomer_ThrowsIdentityTakenNamingTheHolderAndSavesNothing()
    {
        var holder = NewCustomer("holder", "Hanna", "Holder");
        holder.Identities.Add(Identity(IdentityKind.Account, "web", Id("acc")));
        var other = NewCustomer("other", "Otto", "Other");
        await Store.SaveAsync([new CustomerChange(holder, 0), new CustomerChange(other, 0)], default);
        var newcomer = NewCustomer("newcomer", "Nina", "New");
        newcomer.Identities.Add(Identity(IdentityKind.Account, "web", Id("acc")));
        other.Segment = "changed";
        other.Identities.Add(Identity(IdentityKind.Email, "", Id("otto") + "@example.com"));

        var refused = await Assert.ThrowsAsync<IdentityTakenException>(
            () => Store.SaveAsync([new CustomerChange(other, 1), new CustomerChange(newcomer, 0)], default));

        Assert.Equal(holder.CustomerId, refused.OwnerId);
        Assert.Equal(IdentityKind.Account, refused.Kind);
        Assert.Equal("web", refused.Scope);
        Assert.Equal(Id("acc"), refused.Value);
        Assert.Null(await Store.GetAsync(newcomer.CustomerId, default));
        var otherRead = (await Store.GetAsync(other.CustomerId, default))!;
        Assert.Equal(1, otherRead.Version);
        Assert.Equal("", otherRead.Document.Segment);
        Assert.Null(await Store.FindByIdentityAsync(IdentityKind.Email, "", Id("otto") + "@example.com", default));
        Assert.Equal(holder.CustomerId, await Store.FindByIdentityAsync(IdentityKind.Account, "web", Id("acc"), default));
    }

    [Fact]
    public async Task SaveAsync_TwoDocumentsOfOneChangeClaimTheSameIdentity_ThrowsIdentityTakenAndSavesNothing()
    {
        var a = NewCustomer("a", "Anna", "A");
        a.Identities.Add(Identity(IdentityKind.Phone, "", "49301234567"));
        var b = NewCustomer("b", "Bert", "B");
        b.Identities.Add(Identity(IdentityKind.Phone, "", "49301234567"));

        await Assert.ThrowsAsync<IdentityTakenException>(() => Store.SaveAsync([new CustomerChange(a, 0), new CustomerChange(b, 0)], default));

        Assert.Empty(await Store.GetManyAsync([a.CustomerId, b.CustomerId], default));
    }

    [Fact]
    public async Task SaveAsync_MergeMovesAnIdentity_BothDocumentsSavedAndTheIdentityFindsTheSurvivor()
    {
        var (survivor, merged) = await TwoCustomersAsync();
        merged.Identities.Clear();
        merged.Status = CustomerStatus.Merged;
        merged.MergedInto = survivor.CustomerId;
        survivor.Identities.Add(Identity(IdentityKind.Account, "web", Id("merged-acc")));
        survivor.MergedFrom.Add(merged.CustomerId);

        await Store.SaveAsync([new CustomerChange(merged, 1), new CustomerChange(survivor, 1)], default);

        Assert.Equal(survivor.CustomerId, await Store.FindByIdentityAsync(IdentityKind.Account, "web", Id("merged-acc"), default));
        Assert.Equal(survivor.CustomerId, await Store.FindByIdentityAsync(IdentityKind.Account, "web", Id("survivor-acc"), default));
        var read = await Store.GetManyAsync([survivor.CustomerId, merged.CustomerId], default);
        Assert.All(read, c => Assert.Equal(2, c.Version));
        Assert.Equal(survivor.CustomerId, read.Single(c => c.Document.CustomerId == merged.CustomerId).Document.MergedInto);
    }

    [Fact]
    public async Task SaveAsync_MergeWithOneStaleDocument_ThrowsConcurrencyAndSavesNeither()
    {
        var (survivor, merged) = await TwoCustomersAsync();
        var concurrent = (await Store.GetAsync(survivor.CustomerId, default))!;
        concurrent.Document.Segment = "someone else";
        await Store.SaveAsync([new CustomerChange(concurrent.Document, concurrent.Version)], default);
        merged.Identities.Clear();
        merged.Status = CustomerStatus.Merged;
        merged.MergedInto = survivor.CustomerId;
        survivor.Identities.Add(Identity(IdentityKind.Account, "web", Id("merged-acc")));

        await Assert.ThrowsAsync<CustomerConcurrencyException>(
            () => Store.SaveAsync([new CustomerChange(merged, 1), new CustomerChange(survivor, 1)], default));

        var mergedRead = (await Store.GetAsync(merged.CustomerId, default))!;
        Assert.Equal(1, mergedRead.Version);
        Assert.Equal(CustomerStatus.Active, mergedRead.Document.Status);
        Assert.Equal(merged.CustomerId, await Store.FindByIdentityAsync(IdentityKind.Account, "web", Id("merged-acc"), default));
        Assert.Equal(2, (await Store.GetAsync(survivor.CustomerId, default))!.Version);
    }

    [Fact]
    public async Task SaveAsync_UndoMovesTheIdentityBack_FindByIdentityFindsTheFormerlyMergedCustomer()
    {
        var (survivor, merged) = await TwoCustomersAsync();
        var movedIdentity = merged.Identities.Single();
        merged.Identities.Clear();
        merged.Status = CustomerStatus.Merged;
        merged.MergedInto = survivor.CustomerId;
        survivor.Identities.Add(movedIdentity);
        await Store.SaveAsync([new CustomerChange(merged, 1), new CustomerChange(survivor, 1)], default);
        survivor.Identities.Remove(movedIdentity);
        merged.Identities.Add(movedIdentity);
        merged.Status = CustomerStatus.Active;
        merged.MergedInto = "";

        await Store.SaveAsync([new CustomerChange(survivor, 2), new CustomerChange(merged, 2)], default);

        Assert.Equal(merged.CustomerId, await Store.FindByIdentityAsync(IdentityKind.Account, "web", Id("merged-acc"), default));
        Assert.Equal(survivor.CustomerId, await Store.FindByIdentityAsync(IdentityKind.Account, "web", Id("survivor-acc"), default));
    }

    // ---- Search ---------------------------------------------------------------------------------------------------

    [Fact]
    public async Task SearchAsync_FoldedSpelling_MuellerFindsMueller()
    {
        var word = Word();
        var customer = await SavedAsync(NewCustomer("a", word, "Müller"));

        var hits = await SearchAsync(word + " Mueller", CustomerSearchField.Name);

        var hit = Assert.Single(hits);
        Assert.Equal(customer.CustomerId, hit.SurvivorId);
        Assert.Equal(CustomerSearchField.Name, hit.Field);
        Assert.Equal(1.0, hit.Score, 6);
    }

    [Fact]
    public async Task SearchAsync_Typo_SchmitFindsSchmidt()
    {
        var word = Word();
        var customer = await SavedAsync(NewCustomer("a", word, "Schmidt"));

        var hit = Assert.Single(await SearchAsync(word + " Schmit", CustomerSearchField.Any));

        Assert.Equal(customer.CustomerId, hit.SurvivorId);
        Assert.InRange(hit.Score, 0.3, 0.99);
    }

    [Fact]
    public async Task SearchAsync_TypoInAWholeName_ScoresTheBetterOfSimilarityAndWordSimilarityLikePgTrgm()
    {
        // pg_trgm: "  schmit " has 7 trigrams, "  schmidt " 8, 5 shared: similarity 5 / (7 + 8 - 5) = 0.5; the best run of
        // the entry's trigrams ("  s" .. "hmi", 5 of the query's) gives word_similarity 5 / (7 + 5 - 5) = 0.714285...
        var customer = await SavedAsync(NewCustomer("a", "", "Schmidt"));

        var hits = await Store.SearchAsync(new CustomerTextQuery("Schmit", CustomerSearchField.Name, 50, 0, 0.3), default);

        var hit = Assert.Single(hits, h => h.SurvivorId == customer.CustomerId);
        Assert.Equal((double)(5f / 7f), hit.Score, 6);
    }

    [Fact]
    public async Task SearchAsync_PartialEmail_FindsTheCustomerByItsAddress()
    {
        var word = Word();
        var customer = await SavedAsync(NewCustomer("a", "Anna", "Schmidt", email: $"anna.schmidt.{word}@example.com"));

        var hit = Assert.Single(await SearchAsync($"anna.schmidt.{word}@", CustomerSearchField.Email));

        Assert.Equal(customer.CustomerId, hit.SurvivorId);
        Assert.Equal(CustomerSearchField.Email, hit.Field);
        Assert.Equal(1.0, hit.Score, 6);
    }

    [Fact]
    public async Task SearchAsync_NationalPhoneNumber_FindsTheInternationalOne()
    {
        var digits = Random.Shared.NextInt64(1_000_000_000, 9_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var customer = await SavedAsync(NewCustomer("a", "Anna", "Schmidt", phone: $"+49 30 {digits}"));

        var byPhone = Assert.Single(await SearchAsync($"030 {digits}", CustomerSearchField.Phone));
        var byAny = Assert.Single(await SearchAsync($"030 {digits}", CustomerSearchField.Any));

        Assert.Equal(customer.CustomerId, byPhone.SurvivorId);
        Assert.Equal(CustomerSearchField.Phone, byPhone.Field);
        Assert.Equal(1.0, byPhone.Score, 6);
        Assert.Equal(byPhone, byAny);
    }

    [Fact]
    public async Task SearchAsync_LastDigitsOfAPhone_FindsItScoredByTheShareOfItsDigitsTyped()
    {
        // The last seven start with a 0: as typed, not read as a national prefix.
        var digits = Random.Shared.NextInt64(100, 999).ToString(System.Globalization.CultureInfo.InvariantCulture) + "0"
            + Random.Shared.NextInt64(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var customer = await SavedAsync(NewCustomer("a", "Anna", "Schmidt", phone: $"+49 30 {digits}"));

        var byLastSeven = Assert.Single(await SearchAsync(digits[^7..], CustomerSearchField.Phone));
        var byLastFive = await SearchAsync(digits[^5..], CustomerSearchField.Any);

        // The entry is "4930" and the ten digits: 14 digits, 7 of them typed (5 of 14 still pass the floor of 0.3).
        Assert.Equal((customer.CustomerId, CustomerSearchField.Phone), (byLastSeven.SurvivorId, byLastSeven.Field));
        Assert.Equal((double)(7f / 14f), byLastSeven.Score, 6);
        Assert.Contains(byLastFive, h => h.SurvivorId == customer.CustomerId && h.Field == CustomerSearchField.Phone);
    }

    [Fact]
    public async Task SearchAsync_PhoneDigitsNotAtTheEndOrTooFew_FindNothing()
    {
        var digits = Random.Shared.NextInt64(1_000_000_000, 9_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await SavedAsync(NewCustomer("a", "", "", phone: $"+49 30 {digits}"));

        Assert.Empty(await SearchAsync(digits[^3..], CustomerSearchField.Phone));
        Assert.Empty(await SearchAsync(digits[..7], CustomerSearchField.Phone));
        Assert.Empty(await SearchAsync("030 " + digits[..^1] + (digits[^1] == '9' ? '0' : (char)(digits[^1] + 1)), CustomerSearchField.Phone));
    }

    [Fact]
    public async Task SearchAsync_PostalCodePrefix_FindsTheFullPostalCode()
    {
        var customer = await SavedAsync(NewCustomer("a", "Anna", "Schmidt", postalCode: "10115"));

        var hits = await Store.SearchAsync(new CustomerTextQuery("1011", CustomerSearchField.PostalCode, 50, 0, 0.3), default);

        var hit = Assert.Single(hits, h => h.SurvivorId == customer.CustomerId);
        Assert.Equal(CustomerSearchField.PostalCode, hit.Field);
    }

    [Fact]
    public async Task SearchAsync_FieldFilter_DoesNotLookInOtherFields()
    {
        var word = Word();
        await SavedAsync(NewCustomer("a", word, "Schmidt"));

        Assert.Empty(await SearchAsync(word + " Schmidt", CustomerSearchField.Email));
        Assert.Single(await SearchAsync(word + " Schmidt", CustomerSearchField.Name));
    }

    [Fact]
    public async Task SearchAsync_MergedCustomersOldName_FindsOnlyTheSurvivorOnce()
    {
        var oldName = Word();
        var survivor = await SavedAsync(NewCustomer("survivor", oldName, "Survivor"));
        var merged = await SavedAsync(NewCustomer("merged", oldName, "Merged"));
        merged.Status = CustomerStatus.Merged;
        merged.MergedInto = survivor.CustomerId;
        survivor.MergedFrom.Add(merged.CustomerId);

        await Store.SaveAsync([new CustomerChange(merged, 1), new CustomerChange(survivor, 1)], default);
        var hits = await SearchAsync(oldName + " Merged", CustomerSearchField.Any);

        var hit = Assert.Single(hits);
        Assert.Equal(survivor.CustomerId, hit.SurvivorId);
        Assert.Equal(1.0, hit.Score, 6);
    }

    [Fact]
    public async Task SearchAsync_ErasedCustomer_IsNeverFound()
    {
        var word = Word();
        var customer = await SavedAsync(NewCustomer("a", word, "Schmidt", email: $"{word}@example.com", phone: "+49 30 99887766"));
        Assert.Single(await SearchAsync(word, CustomerSearchField.Any));
        customer.Status = CustomerStatus.Erased;
        customer.ErasedAt = T0;

        await Store.SaveAsync([new CustomerChange(customer, 1)], default);

        Assert.Empty(await SearchAsync(word, CustomerSearchField.Any));
        Assert.Empty(await SearchAsync(word + " Schmidt", CustomerSearchField.Name));
        Assert.Empty(await SearchAsync($"{word}@example.com", CustomerSearchField.Email));
    }

    [Fact]
    public async Task SearchAsync_ContactChanged_FindsTheNewNameAndNotTheOld()
    {
        var before = Word();
        var after = Word();
        var customer = await SavedAsync(NewCustomer("a", before, "Schmidt"));
        customer.Contact.GivenName = after;

        await Store.SaveAsync([new CustomerChange(customer, 1)], default);

        Assert.Empty(await SearchAsync(before, CustomerSearchField.Name));
        Assert.Single(await SearchAsync(after, CustomerSearchField.Name));
    }

    [Fact]
    public async Task SearchAsync_Pages_ReturnEveryHitOnceInScoreThenIdOrder()
    {
        var word = Word();
        var exact = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            exact.Add((await SavedAsync(NewCustomer("exact" + i, word, "Schmidt"))).CustomerId);
        }

        var typo = (await SavedAsync(NewCustomer("typo", word, "Schmitt"))).CustomerId;
        var pages = new List<CustomerSearchHit>();
        for (var skip = 0; skip < 8; skip += 2)
        {
            pages.AddRange(await Store.SearchAsync(new CustomerTextQuery(word + " Schmidt", CustomerSearchField.Name, 2, skip, 0.6), default));
        }

        var again = await Store.SearchAsync(new CustomerTextQuery(word + " Schmidt", CustomerSearchField.Name, 50, 0, 0.6), default);

        Assert.Equal([.. exact.Order(StringComparer.Ordinal), typo], pages.Select(h => h.SurvivorId));
        Assert.Equal(pages, again);
        Assert.All(pages.Take(5), h => Assert.Equal(1.0, h.Score, 6));
        Assert.True(pages[5].Score < 1.0);
    }

    [Fact]
    public async Task SearchAsync_NumberField_ThrowsArgumentException()
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(
            () => Store.SearchAsync(new CustomerTextQuery("ORD-1", CustomerSearchField.OrderNumber, 20, 0, 0.3), default));
    }

    // ---- Helpers --------------------------------------------------------------------------------------------------

    /// <summary>An id of this test: the prefix keeps tests sharing a database apart.</summary>
    protected string Id(string name) => _prefix + name;

    /// <summary>A made-up word no other test uses, so a search for it finds this test's customers only.</summary>
    protected static string Word()
    {
        const string letters = "bcdfghjklmnpqrstvwxz";
        var word = new char[9];
        for (var i = 0; i < word.Length; i++)
        {
            word[i] = letters[Random.Shared.Next(letters.Length)];
        }

        word[0] = char.ToUpperInvariant(word[0]);
        return new string(word);
    }

    /// <summary>The hits of this test (a shared store may hold similar customers of other tests).</summary>
    protected async Task<IReadOnlyList<CustomerSearchHit>> SearchAsync(string text, CustomerSearchField field)
    {
        var hits = await Store.SearchAsync(new CustomerTextQuery(text, field, 50, 0, 0.3), default);
        return hits.Where(h => h.SurvivorId.StartsWith(_prefix, StringComparison.Ordinal)).ToList();
    }

    protected CustomerDocument NewCustomer(
        string name, string given, string family, string email = "", string phone = "", string postalCode = "", string company = "")
    {
        var customer = new CustomerDocument
        {
            CustomerId = Id(name),
            CreatedAt = T0,
            CreatedBy = "tester",
            UpdatedAt = T0,
            ContactVersion = 1,
            Contact = new ContactData { GivenName = given, FamilyName = family, CompanyName = company, Email = email, Phone = phone },
        };
        if (postalCode.Length > 0)
        {
            customer.Contact.Addresses.Add(new CustomerAddress
            {
                Label = "home",
                DefaultShipping = true,
                Address = new PostalAddress { Name = $"{given} {family}", Street = "Invalidenstraße 1", PostalCode = postalCode, City = "Berlin", Country = "DE" },
            });
        }

        return customer;
    }

    protected static CustomerIdentity Identity(IdentityKind kind, string scope, string value) =>
        new() { Kind = kind, Scope = scope, Value = CustomerText.IdentityValue(kind, value), AddedAt = T0, AddedBy = "tester" };

    protected async Task<CustomerDocument> SavedAsync(CustomerDocument customer)
    {
        await Store.SaveAsync([new CustomerChange(customer, 0)], default);
        return customer;
    }

    /// <summary>A survivor and a customer about to be merged into it, each holding a web account identity, at version 1.</summary>
    private async Task<(CustomerDocument Survivor, CustomerDocument Merged)> TwoCustomersAsync()
    {
        var survivor = NewCustomer("survivor", "Sara", "Survivor");
        survivor.Identities.Add(Identity(IdentityKind.Account, "web", Id("survivor-acc")));
        var merged = NewCustomer("merged", "Max", "Merged");
        merged.Identities.Add(Identity(IdentityKind.Account, "web", Id("merged-acc")));
        await Store.SaveAsync([new CustomerChange(survivor, 0), new CustomerChange(merged, 0)], default);
        return (survivor, merged);
    }
}
