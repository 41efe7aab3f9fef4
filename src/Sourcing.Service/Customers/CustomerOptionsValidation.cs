using Microsoft.Extensions.Options;
using Sourcing.Orders.Customers;

namespace Sourcing.Service.Customers;

/// <summary>
/// Checks the customer settings of the <c>Customers</c> section at start, so a wrong one stops the service with the
/// reason instead of merges that can never be undone, invoices kept for no time, or a search that finds everybody.
/// </summary>
internal sealed class CustomerOptionsValidation : IValidateOptions<CustomerOptions>
{
    public ValidateOptionsResult Validate(string? name, CustomerOptions options)
    {
        var problems = new List<string>();
        if (options.MergeUndoWindow <= TimeSpan.Zero)
        {
            problems.Add($"Customers:MergeUndoWindow must be longer than zero, was {options.MergeUndoWindow}");
        }

        if (options.InvoiceRetentionYears < 1)
        {
            problems.Add($"Customers:InvoiceRetentionYears must be at least 1, was {options.InvoiceRetentionYears}");
        }

        if (!(options.SearchMinSimilarity > 0 && options.SearchMinSimilarity <= 1))
        {
            problems.Add($"Customers:SearchMinSimilarity must be greater than 0 and at most 1, was {options.SearchMinSimilarity}");
        }

        if (options.OverviewOrderLimit <= 0)
        {
            problems.Add($"Customers:OverviewOrderLimit must be greater than zero, was {options.OverviewOrderLimit}");
        }

        if (options.OverviewDocumentLimit <= 0)
        {
            problems.Add($"Customers:OverviewDocumentLimit must be greater than zero, was {options.OverviewDocumentLimit}");
        }

        foreach (var (currency, threshold) in options.VipLifetimeValueMinor)
        {
            if (threshold <= 0)
            {
                problems.Add($"Customers:VipLifetimeValueMinor:{currency} must be greater than zero, was {threshold}");
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
