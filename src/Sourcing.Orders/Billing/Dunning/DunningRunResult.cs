namespace Sourcing.Orders.Billing.Dunning;

/// <summary>What a dunning run did: customers looked at, customers and items raised a level, fee invoices issued.</summary>
public sealed record DunningRunResult(int CustomersChecked, int CustomersRaised, int ItemsRaised, int FeeInvoices, long FeesMinor)
{
    public static readonly DunningRunResult Empty = new(0, 0, 0, 0, 0);

    public DunningRunResult Add(CustomerDunning customer) => new(
        CustomersChecked + 1,
        CustomersRaised + (customer.Raised.Count > 0 ? 1 : 0),
        ItemsRaised + customer.Raised.Count,
        FeeInvoices + (customer.FeeInvoice is null ? 0 : 1),
        FeesMinor + (customer.FeeInvoice?.GrossTotalMinor ?? 0));
}

/// <summary>Reported after each page of customers.</summary>
public sealed record DunningProgress(int CustomersChecked, int ItemsRaised);

/// <summary>One customer's part of a run: the items raised (with their new levels) and the fee invoice, if one was charged.</summary>
public sealed record CustomerDunning(string CustomerId, IReadOnlyList<(string Number, int Level)> Raised, BillingDocument? FeeInvoice);
