namespace Sourcing.Orders.Billing.Receivables;

/// <summary>A customer's receivables as finance and the customer see them on a given day.</summary>
public sealed record CustomerAccountView(
    string CustomerId,
    DateOnly Today,
    int DunningLevel,
    long? CreditLimitMinor,
    int InvoicesPaid,
    int InvoicesPaidLate,
    IReadOnlyList<CurrencyBalance> Balances,
    IReadOnlyList<OpenItemView> OpenItems,
    IReadOnlyList<Payment> RecentPayments,
    IReadOnlyList<BillingDocument> CreditNotes);

/// <summary>
/// One currency's sums: what is open (negative when more was credited than owed), the part past its due date, and
/// the credit balance (money received that no invoice has taken).
/// </summary>
public sealed record CurrencyBalance(string Currency, long OpenMinor, long OverdueMinor, long CreditMinor);

public sealed record OpenItemView(
    string InvoiceId,
    string Number,
    string OrderId,
    InvoicePurpose Purpose,
    string Currency,
    long GrossMinor,
    long CreditedMinor,
    long PaidMinor,
    long OpenMinor,
    DateOnly IssuedOn,
    DateOnly DueDate,
    DateOnly? DiscountUntil,
    int DaysOverdue,
    int DunningLevel);
