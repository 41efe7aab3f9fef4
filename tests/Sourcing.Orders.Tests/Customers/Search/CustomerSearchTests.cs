using Sourcing.Orders.Billing;
using Sourcing.Orders.Customers;
using Sourcing.Orders.Customers.Search;
using Sourcing.Orders.Returns;
using Sourcing.Orders.Tests.Customers.Overview;
using static Sourcing.Orders.Tests.Customers.Overview.CustomerViewWorld;

namespace Sourcing.Orders.Tests.Customers.Search;

public sealed class CustomerSearchTests
{
    /// <summary>
    /// Anna Schmidt (cust-a, Berlin 10115) with an invoiced order and a return; Bernd Berg (cust-b, München 80331)
    /// with an order of his own.
    /// </summary>
    private static async Task<(CustomerViewWorld World, Order AnnasOrder, BillingDocument Invoice, ReturnAuthorisation Return, Order BerndsOrder)> TwoCustomersAsync()
    {
        var world = new CustomerViewWorld();
        var annas = await world.OrderAsync("cust-a");
        var invoice = await world.CompletedAsync(annas);
        var rma = await world.AuthoriseReturnAsync(annas.Id, ReturnKind.Refund, 1);
        var bernds = await world.OrderAsync("cust-b", contact: o =>
        {
            o.BillingAddress = new PostalAddress { Name = "Bernd Berg", Street = "Marienplatz 1", PostalCode = "80331", City = "München" };
            o.ShippingAddress = o.BillingAddress;
            o.Customer.Email = "bernd.berg@example.org";
            o.Customer.Phone = "+49 89 7654321";
        });
        return (world, annas, invoice, rma, bernds);
    }

    [Theory]
    [InlineData("Schmitt", CustomerSearchField.Name)]
    [InlineData("anna schmid", CustomerSearchField.Any)]
    [InlineData("Ana Schmit", CustomerSearchField.Any)]
    [InlineData("1234567", CustomerSearchField.Phone)]
    [InlineData("+49 (30) 123-4567", CustomerSearchField.Any)]
    [InlineData("anna.schm", CustomerSearchField.Email)]
    [InlineData("030 1234567", CustomerSearchField.Phone)]
    [InlineData("1011", CustomerSearchField.PostalCode)]
    public async Task SearchAsync_MisspeltOrPartialText_FindsTheCustomerFirstWithDisplayData(string text, CustomerSearchField field)
    {
        var (world, _, _, _, _) = await TwoCustomersAsync();

        var page = await world.Search.SearchAsync(text, field, 0, null, None);

        var first = page.Results[0];
        Assert.Equal(
            ("cust-a", "Anna Schmidt", "anna.schmidt@example.com", "+49 30 1234567", "10115", "Berlin"),
            (first.CustomerId, first.DisplayName, first.Email, first.Phone, first.PostalCode, first.City));
        Assert.DoesNotContain(page.Results, r => r.CustomerId == "cust-b");
        Assert.InRange(first.Score, 0.3, 1.0);
    }

    [Fact]
    public async Task SearchAsync_NumbersInAnyCase_FindTheirCustomerExactlyBeforeTextHits()
    {
        var (world, annas, invoice, rma, bernds) = await TwoCustomersAsync();

        foreach (var (text, field, matched, customerId) in new[]
                 {
                     (annas.Document.ExternalOrderNumber.ToLowerInvariant(), CustomerSearchField.OrderNumber, CustomerSearchField.OrderNumber, "cust-a"),
                     (bernds.Id, CustomerSearchField.Any, CustomerSearchField.OrderNumber, "cust-b"),
                     (invoice.Number.ToLowerInvariant(), CustomerSearchField.InvoiceNumber, CustomerSearchField.InvoiceNumber, "cust-a"),
                     (invoice.Number, CustomerSearchField.Any, CustomerSearchField.InvoiceNumber, "cust-a"),
                     (rma.Number.ToLowerInvariant(), CustomerSearchField.RmaNumber, CustomerSearchField.RmaNumber, "cust-a"),
                 })
        {
            var page = await world.Search.SearchAsync(text, field, 0, null, None);

            var first = page.Results[0];
            Assert.Equal((customerId, matched, 1.0), (first.CustomerId, first.MatchedField, first.Score));
            Assert.Single(page.Results, r => r.CustomerId == customerId);
        }

        Assert.Empty((await world.Search.SearchAsync("RE-1999-000001", CustomerSearchField.InvoiceNumber, 0, null, None)).Results);
        Assert.Empty((await world.Search.SearchAsync("Schmidt", CustomerSearchField.OrderNumber, 0, null, None)).Results);
    }

    [Fact]
    public async Task SearchAsync_MergedCustomersNameAndOrderNumber_FindTheSurvivorOnce()
    {
        var (world, _, _, _, bernds) = await TwoCustomersAsync();
        await world.Directory.MergeAsync(new MergeCustomersCommand("cust-a", "cust-b", "same household account"), Agent, None);

        var byName = await world.Search.SearchAsync("Bernd Berg", CustomerSearchField.Name, 0, null, None);
        var byOrder = await world.Search.SearchAsync(bernds.Document.ExternalOrderNumber, CustomerSearchField.Any, 0, null, None);

        Assert.Equal("cust-a", Assert.Single(byName.Results).CustomerId);
        Assert.Equal((CustomerSearchField.OrderNumber, "Anna Schmidt"), (byOrder.Results[0].MatchedField, byOrder.Results[0].DisplayName));
        Assert.Single(byOrder.Results, r => r.CustomerId == "cust-a");
    }

    [Fact]
    public async Task SearchAsync_PagesOfTwo_EveryMatchingCustomerOnceAndTheSameAsOnePage()
    {
        var world = new CustomerViewWorld();
        foreach (var (id, name) in new[] { ("m-1", "Jana Müller"), ("m-2", "Jan Mueller"), ("m-3", "Julia Müller"), ("m-4", "Jens Muller"), ("m-5", "Jonas Möller") })
        {
            await world.OrderAsync(id, contact: o => o.BillingAddress.Name = name);
        }

        var whole = await world.Search.SearchAsync("Mueller", CustomerSearchField.Name, 50, null, None);
        var paged = new List<CustomerSearchResult>();
        string? token = null;
        do
        {
            var page = await world.Search.SearchAsync("Mueller", CustomerSearchField.Name, 2, token, None);
            Assert.InRange(page.Results.Count, 1, 2);
            paged.AddRange(page.Results);
            token = page.NextPageToken;
        }
        while (token is not null);

        Assert.True(whole.Results.Count >= 3, $"{whole.Results.Count} found");
        Assert.Equal(whole.Results, paged);
        Assert.Equal(paged.Count, paged.Select(r => r.CustomerId).Distinct().Count());
    }

    [Theory]
    [InlineData("", CustomerSearchField.Any, 0, null, "query")]
    [InlineData("   ", CustomerSearchField.Any, 0, null, "query")]
    [InlineData("anna\u0001", CustomerSearchField.Any, 0, null, "query")]
    [InlineData("anna", (CustomerSearchField)99, 0, null, "field")]
    [InlineData("anna", CustomerSearchField.Any, 51, null, "page_size")]
    [InlineData("anna", CustomerSearchField.Any, -1, null, "page_size")]
    [InlineData("anna", CustomerSearchField.Any, 0, "not-a-token", "page_token")]
    [InlineData("anna", CustomerSearchField.Any, 0, "bzotMQ", "page_token")]
    public async Task SearchAsync_BadInput_ArgumentExceptionNamingTheField(string text, CustomerSearchField field, int pageSize, string? token, string param)
    {
        var world = new CustomerViewWorld();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => world.Search.SearchAsync(text, field, pageSize, token, None));

        Assert.Equal(param, error.ParamName);
    }

    [Fact]
    public async Task SearchAsync_TextOf201Characters_ArgumentExceptionNamingQuery()
    {
        var world = new CustomerViewWorld();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => world.Search.SearchAsync(new string('a', 201), CustomerSearchField.Any, 0, null, None));

        Assert.Equal("query", error.ParamName);
    }
}
