using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Sourcing.Orders.Billing;

namespace Sourcing.Service.Billing;

/// <summary>
/// Checks the <c>Billing</c> section at start, so a wrong setting stops the service with the reason instead of
/// printing a wrong invoice or dunning the wrong customers. A deployment that keeps its invoices (orders in
/// PostgreSQL, outside Development) must name the seller: an invoice without its issuer is not an invoice. The
/// embedded store, which forgets everything at restart, prints a placeholder seller instead.
/// </summary>
internal sealed partial class BillingOptionsValidation(bool requireSeller) : IValidateOptions<BillingOptions>
{
    /// <summary>Whether the seller must be configured: outside Development, with orders (and invoices) kept in PostgreSQL.</summary>
    public static bool SellerRequired(IHostEnvironment environment, string orderStore) => !environment.IsDevelopment() && orderStore == "postgres";

    public ValidateOptionsResult Validate(string? name, BillingOptions options)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Seller.Name) && requireSeller)
        {
            problems.Add("Billing:Seller:Name is required: it is printed on every invoice (with Street, PostalCode, City, VatId or TaxNumber)");
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone, out _))
        {
            problems.Add($"Billing:TimeZone '{options.TimeZone}' is not a time zone this machine knows (IANA id such as Europe/Berlin)");
        }

        foreach (var (key, series) in new[] { ("InvoiceSeries", options.InvoiceSeries), ("CreditNoteSeries", options.CreditNoteSeries), ("DunningFeeSeries", options.DunningFeeSeries) })
        {
            if (!SeriesPattern().IsMatch(series ?? ""))
            {
                problems.Add($"Billing:{key} '{series}' must be 1-8 upper-case letters (it starts every document number)");
            }
        }

        if (new[] { options.InvoiceSeries, options.CreditNoteSeries, options.DunningFeeSeries }.Distinct(StringComparer.Ordinal).Count() != 3)
        {
            problems.Add("Billing:InvoiceSeries, CreditNoteSeries and DunningFeeSeries must differ: each numbers its own documents");
        }

        if (!Enum.IsDefined(options.Invoicing))
        {
            problems.Add("Billing:Invoicing must be PerShipment or PerOrder");
        }

        var terms = options.Terms;
        if (terms.NetDays is < 0 or > 365 || terms.DiscountDays < 0 || terms.DiscountDays > terms.NetDays || terms.DiscountBasisPoints is < 0 or > 10_000)
        {
            problems.Add("Billing:Terms needs NetDays 0-365, DiscountDays 0-NetDays and DiscountBasisPoints 0-10000");
        }

        ValidateDunning(options.Dunning, problems);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static void ValidateDunning(DunningOptions dunning, List<string> problems)
    {
        var previous = new DunningLevelOptions { Level = 0, DaysOverdue = -1 };
        for (var i = 0; i < dunning.Levels.Count; i++)
        {
            var level = dunning.Levels[i];
            if (level.Level != previous.Level + 1 || level.DaysOverdue <= previous.DaysOverdue)
            {
                problems.Add($"Billing:Dunning:Levels:{i} must be level {previous.Level + 1} at more days overdue than the level before (levels ascend 1, 2, 3, ...)");
            }

            if (level.DaysOverdue is < 0 or > 3650)
            {
                problems.Add($"Billing:Dunning:Levels:{i}:DaysOverdue must be 0-3650, was {level.DaysOverdue}");
            }

            if (level.FeeMinor is < 0 or > 1_000_000_000)
            {
                problems.Add($"Billing:Dunning:Levels:{i}:FeeMinor must be 0-1000000000, was {level.FeeMinor}");
            }

            previous = level;
        }

        if (dunning.ScheduledHourUtc is < 0 or > 23)
        {
            problems.Add($"Billing:Dunning:ScheduledHourUtc must be 0-23, was {dunning.ScheduledHourUtc}");
        }
    }

    [GeneratedRegex(@"\A[A-Z]{1,8}\z")]
    private static partial Regex SeriesPattern();
}
