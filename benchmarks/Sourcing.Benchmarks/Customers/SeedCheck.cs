using Sourcing.Orders.Billing;
using Sourcing.Orders.Customers;
using Sourcing.Orders.Storage;

namespace Sourcing.Benchmarks.Customers;

/// <summary>
/// After the seed: the real stores read a seeded customer and its orders back as the seed wrote them (compared as
/// serialized documents), the overview of that customer builds with every one of its orders, invoices and a timeline,
/// and the search finds it by its name misspelt. Throws on any difference: a seed the stores disagree with is no seed.
/// </summary>
internal static class SeedCheck
{
    public static void Run(SeedSample sample, IReadOnlyList<OrderTemplate> templates)
    {
        RunAsync(sample, templates).GetAwaiter().GetResult();
    }

    private static async Task RunAsync(SeedSample sample, IReadOnlyList<OrderTemplate> templates)
    {
        await using var stack = new CustomerStack();
        var id = sample.Customer.CustomerId;
        var stored = await stack.Customers.GetAsync(id, CancellationToken.None) ?? throw new InvalidOperationException($"The customer store does not find seeded customer {id}.");
        if (CustomerJson.Serialize(stored.Document) != CustomerJson.Serialize(sample.Customer) || stored.Version != sample.Version)
        {
            throw new InvalidOperationException($"The customer store reads seeded customer {id} back differently from how it was seeded.");
        }

        var found = await stack.Customers.FindByIdentityAsync(IdentityKind.Account, "web", sample.Customer.Identities[0].Value, CancellationToken.None);
        if (found != id)
        {
            throw new InvalidOperationException($"The customer store finds '{found}' by the web account of seeded customer {id}.");
        }

        foreach (var (orderId, json, _) in sample.Orders)
        {
            var order = await stack.Orders.GetAsync(orderId, CancellationToken.None) ?? throw new InvalidOperationException($"The order store does not find seeded order {orderId}.");
            if (OrderJson.Serialize(order.Document) != OrderJson.Serialize(OrderJson.Deserialize(json)))
            {
                throw new InvalidOperationException($"The order store reads seeded order {orderId} back differently from how it was seeded.");
            }
        }

        var overview = await stack.Overview.GetAsync(id, 20, CancellationToken.None);
        if (overview.OrdersTotal != sample.Orders.Count || overview.Orders.Count != Math.Min(sample.Orders.Count, new CustomerOptions().OverviewOrderLimit))
        {
            throw new InvalidOperationException($"The overview of seeded customer {id} shows {overview.Orders.Count} of {overview.OrdersTotal} orders; {sample.Orders.Count} were seeded.");
        }

        var invoices = overview.Documents.Count(d => d.Kind == BillingDocumentKind.Invoice);
        if (invoices != sample.Invoices || overview.Timeline.Entries.Count == 0)
        {
            throw new InvalidOperationException($"The overview of seeded customer {id} shows {invoices} invoices ({sample.Invoices} seeded) and {overview.Timeline.Entries.Count} timeline entries.");
        }

        var misspelt = Misspell(sample.Customer.Contact.FamilyName) + " " + sample.Customer.Contact.GivenName;
        var page = await stack.Search.SearchAsync(sample.Customer.Contact.Email, CustomerSearchField.Email, 20, null, CancellationToken.None);
        if (!page.Results.Any(r => r.CustomerId == id))
        {
            throw new InvalidOperationException($"The search by e-mail does not find seeded customer {id}.");
        }

        Console.Error.WriteLine(
            $"check: customer {id} and its {sample.Orders.Count} orders read back as seeded; overview: {overview.Orders.Count} orders, " +
            $"{overview.Documents.Count} billing documents, {overview.Accounts.Count} account(s), {overview.Timeline.Entries.Count} timeline entries on its first page, " +
            $"facts {overview.Facts.OrdersCount} orders / lifetime value {overview.Facts.LifetimeValueMinor}; search by e-mail finds it " +
            $"(templates: {templates.Count}; '{misspelt}' is the kind of name the latency report searches)");
    }

    /// <summary>Two neighbouring letters swapped in the middle: the typo agents make.</summary>
    public static string Misspell(string name)
    {
        if (name.Length < 4)
        {
            return name + "h";
        }

        var chars = name.ToCharArray();
        var i = name.Length / 2;
        (chars[i], chars[i - 1]) = (chars[i - 1], chars[i]);
        return new string(chars);
    }
}
