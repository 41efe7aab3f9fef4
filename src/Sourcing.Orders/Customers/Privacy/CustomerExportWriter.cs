using System.Text.Json;
using System.Text.Json.Serialization;
using Sourcing.Orders.Billing;
using Sourcing.Orders.Customers.Overview;

namespace Sourcing.Orders.Customers.Privacy;

/// <summary>
/// The data subject's copy of everything held (schema "sourcing.customer-export/1"): UTF-8 JSON, indented, enums by
/// name, property names in camelCase — machine-readable and still readable by the person it is about.
/// </summary>
internal static class CustomerExportWriter
{
    public const string Schema = "sourcing.customer-export/1";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public static byte[] Write(CustomerHoldings holdings, IReadOnlyList<TimelineEntry> timeline, DateTimeOffset exportedAt) =>
        JsonSerializer.SerializeToUtf8Bytes(
            new CustomerExport(
                Schema,
                exportedAt,
                holdings.CustomerId,
                holdings.Resolved.CustomerIds,
                holdings.Customers.Select(c => c.Document).ToList(),
                holdings.Orders.Select(o => new ExportedOrder(o.Status, o.Document)).ToList(),
                holdings.Documents,
                holdings.Payments,
                holdings.Accounts.Select(a => new ExportedAccount(a.CustomerId, a.Header, a.Items)).ToList(),
                timeline),
            Options);

    private sealed record CustomerExport(
        string Schema,
        DateTimeOffset ExportedAt,
        string CustomerId,
        IReadOnlyList<string> CustomerIds,
        IReadOnlyList<CustomerDocument> Customers,
        IReadOnlyList<ExportedOrder> Orders,
        IReadOnlyList<BillingDocument> BillingDocuments,
        IReadOnlyList<Payment> Payments,
        IReadOnlyList<ExportedAccount> Accounts,
        IReadOnlyList<TimelineEntry> Timeline);

    /// <summary>The order as stored, with its returns, and the status derived from it.</summary>
    private sealed record ExportedOrder(OrderStatus Status, OrderDocument Order);

    /// <summary>The account header (credit limit, payment history, buyer data) and the invoices not yet settled.</summary>
    private sealed record ExportedAccount(string CustomerId, AccountHeader Header, IReadOnlyList<OpenItem> OpenItems);
}
