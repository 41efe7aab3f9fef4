using NpgsqlTypes;
using Sourcing.Orders.Customers;
using Sourcing.Orders.Storage;

namespace Sourcing.Benchmarks.Customers;

/// <summary>
/// A customer's rows as PostgresCustomerStore's save writes them: the customer row (status by name, version, the
/// document as CustomerJson, updated_at the document's), one identity row per distinct (kind by name, scope, value
/// normalised by CustomerText.IdentityValue), and one search row per <see cref="CustomerSearchEntry.Of"/> entry.
/// </summary>
internal static class CustomerRows
{
    public const string CustomerColumns = "customer_id, status, version, document, updated_at";
    public const string IdentityColumns = "kind, scope, value, customer_id";
    public const string SearchColumns = "customer_id, survivor_id, field, text";

    public static void Write(BulkLoad load, StoredCustomer customer, SeedWriter counts)
    {
        var document = customer.Document;
        var customers = load["customers"];
        customers.StartRow();
        customers.Write(document.CustomerId, NpgsqlDbType.Varchar);
        customers.Write(document.Status.ToString(), NpgsqlDbType.Varchar);
        customers.Write(customer.Version, NpgsqlDbType.Bigint);
        customers.Write(CustomerJson.Serialize(document), NpgsqlDbType.Jsonb);
        customers.Write(document.UpdatedAt.UtcDateTime, NpgsqlDbType.TimestampTz);

        var identities = document.Identities
            .Select(i => (Kind: i.Kind.ToString(), i.Scope, Value: CustomerText.IdentityValue(i.Kind, i.Value)))
            .Distinct()
            .ToList();
        var rows = load["customer_identities"];
        foreach (var (kind, scope, value) in identities)
        {
            rows.StartRow();
            rows.Write(kind, NpgsqlDbType.Text);
            rows.Write(scope, NpgsqlDbType.Text);
            rows.Write(value, NpgsqlDbType.Text);
            rows.Write(document.CustomerId, NpgsqlDbType.Varchar);
        }

        counts.CountIdentities(identities.Count);
        var entries = CustomerSearchEntry.Of(document);
        var search = load["customer_search"];
        foreach (var entry in entries)
        {
            search.StartRow();
            search.Write(entry.CustomerId, NpgsqlDbType.Varchar);
            search.Write(entry.SurvivorId, NpgsqlDbType.Varchar);
            search.Write(entry.Field.ToString(), NpgsqlDbType.Text);
            search.Write(entry.Text, NpgsqlDbType.Text);
        }

        counts.CountSearchEntries(entries.Count);
    }
}
