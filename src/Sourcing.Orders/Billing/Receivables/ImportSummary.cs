namespace Sourcing.Orders.Billing.Receivables;

/// <summary>
/// What an import did with a statement's credit entries. <see cref="TotalAmountMinor"/> sums every credit entry read
/// (duplicates included), so it can be checked against the statement's own credit total.
/// </summary>
public sealed record ImportSummary(int Entries, int Matched, int Partial, int Overpaid, int Unmatched, int Duplicates, long TotalAmountMinor)
{
    public static readonly ImportSummary Empty = new(0, 0, 0, 0, 0, 0, 0);

    public ImportSummary Add(PaymentMatch match) => match switch
    {
        PaymentMatch.Matched => this with { Matched = Matched + 1 },
        PaymentMatch.Partial => this with { Partial = Partial + 1 },
        PaymentMatch.Overpaid => this with { Overpaid = Overpaid + 1 },
        PaymentMatch.Unmatched => this with { Unmatched = Unmatched + 1 },
        _ => this with { Duplicates = Duplicates + 1 },
    };
}

/// <summary>Reported after each batch: the entries handled so far and what became of them.</summary>
public sealed record ImportProgress(int Batches, ImportSummary SoFar);
