using Sourcing.Orders.Billing;
using Sourcing.Orders.Billing.Receivables;

namespace Sourcing.Orders.Customers.Overview;

/// <summary>
/// Everything about one customer, the same whichever channel asks: the survivor of any merges with everyone merged
/// into it. Orders carry their line states, shipments with tracking, holds and returns (with refunds and repairs).
/// </summary>
/// <param name="CustomerIds">The survivor first, then the customers merged into it.</param>
/// <param name="Orders">The newest orders (at most the overview limit), newest first, as full aggregates.</param>
/// <param name="OrdersTotal">All orders of the customer ids; more than <paramref name="Orders"/> when some were left out.</param>
/// <param name="Accounts">One receivables view per customer id that has an account.</param>
/// <param name="Documents">Invoices and credit notes, newest first (at most the overview limit).</param>
/// <param name="Timeline">The first page of the timeline.</param>
/// <param name="Erased">The customer's personal data was erased: the profile is a pseudonym; invoices keep theirs for the retention period.</param>
public sealed record CustomerOverview(
    StoredCustomer Customer,
    IReadOnlyList<string> CustomerIds,
    CustomerFacts Facts,
    IReadOnlyList<Order> Orders,
    int OrdersTotal,
    IReadOnlyList<CustomerAccountView> Accounts,
    IReadOnlyList<BillingDocument> Documents,
    IReadOnlyList<Payment> Payments,
    TimelinePage Timeline,
    bool Erased);
