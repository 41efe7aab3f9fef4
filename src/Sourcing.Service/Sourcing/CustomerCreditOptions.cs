using System.ComponentModel.DataAnnotations;

namespace Sourcing.Service.Sourcing;

/// <summary>
/// Bound from the <c>Customers</c> section: the credit limits the rules decide money by, for customers finance set no
/// limit of their own for (the rest of a customer's credit facts come from the receivables, never from a request).
/// </summary>
public sealed class CustomerCreditOptions : IValidatableObject
{
    public const string Section = "Customers";
    public const long MaxCreditLimitMinor = 1_000_000_000_000;

    /// <summary>Credit limit in minor units of a customer whose segment has none of its own.</summary>
    [Range(0, MaxCreditLimitMinor)]
    public long DefaultCreditLimitMinor { get; set; }

    /// <summary>Credit limit in minor units per customer segment, e.g. <c>{"b2b": 500000}</c>.</summary>
    public Dictionary<string, long> CreditLimitMinorBySegment { get; set; } = new(StringComparer.Ordinal);

    public long CreditLimitOf(string segment) =>
        CreditLimitMinorBySegment.TryGetValue(segment, out var limit) ? limit : DefaultCreditLimitMinor;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        CreditLimitMinorBySegment
            .Where(entry => entry.Value is < 0 or > MaxCreditLimitMinor)
            .Select(entry => new ValidationResult(
                $"Customers:CreditLimitMinorBySegment:{entry.Key} must be between 0 and {MaxCreditLimitMinor}, was {entry.Value}."));
}
