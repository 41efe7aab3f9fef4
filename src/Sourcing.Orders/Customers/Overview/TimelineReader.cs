using System.Globalization;
using Sourcing.Orders.Billing;
using Sourcing.Orders.Billing.Documents;

namespace Sourcing.Orders.Customers.Overview;

/// <summary>An entry with its place in the timeline's order.</summary>
internal sealed record TimelineItem(TimelineCursor Key, TimelineEntry Entry);

/// <summary>
/// One page of a customer's timeline: the newest entries strictly after the cursor from each of the four sources
/// (order events, the customer records' own events, billing documents issued, payments recorded), merged. Each source
/// gives at most size + 1 entries; order events are read from the cursor on (a keyset in the store), documents and
/// payments, which the billing store lists only from the newest, in a growing prefix — a page reads a bounded amount.
/// </summary>
internal sealed class TimelineReader(IOrderStore orders, IBillingStore billing)
{
    /// <summary>The most rows of one source (order events, or one id's documents or payments) read to find the entries of one page.</summary>
    private const int MaxRowsPerPage = 10_000;

    /// <summary>Reads a customer id's newest rows of one kind (at most max): the billing store's, or rows a caller read already.</summary>
    public delegate Task<IReadOnlyList<T>> NewestRows<T>(string customerId, int max);

    public Task<TimelinePage> ReadAsync(
        IReadOnlyList<string> customerIds, IReadOnlyList<CustomerDocument> customers, int pageSize, TimelineCursor? after, CancellationToken cancellationToken) =>
        ReadAsync(
            customerIds, customers, pageSize, after,
            (customerId, max) => billing.ListDocumentsAsync(customerId, null, max, cancellationToken),
            (customerId, max) => billing.ListPaymentsAsync(customerId, max, cancellationToken),
            cancellationToken);

    /// <summary>A page whose documents and payments come from <paramref name="documents"/> and <paramref name="payments"/>.</summary>
    public async Task<TimelinePage> ReadAsync(
        IReadOnlyList<string> customerIds, IReadOnlyList<CustomerDocument> customers, int pageSize, TimelineCursor? after,
        NewestRows<BillingDocument> documents, NewestRows<Payment> payments, CancellationToken cancellationToken)
    {
        var take = pageSize + 1;

        // The sources are independent: read at once, each store call on its own pooled connection.
        var reads = new List<Task<IEnumerable<TimelineItem>>> { OrderEventsAsync(customerIds, after, take, cancellationToken) };
        foreach (var customerId in customerIds)
        {
            reads.Add(NewestAfterAsync(max => documents(customerId, max), d => d.IssuedAt, DocumentIssued, after, take));
            reads.Add(NewestAfterAsync(max => payments(customerId, max), p => p.RecordedAt, PaymentRecorded, after, take));
        }

        var items = new List<TimelineItem>();
        items.AddRange(After(customers.SelectMany(CustomerEvents), after).Order(ByKey).Take(take));
        foreach (var read in await Task.WhenAll(reads))
        {
            items.AddRange(read);
        }

        var merged = items.Order(ByKey).Take(take).ToList();
        var page = merged.Take(pageSize).ToList();
        return new TimelinePage(page.Select(i => i.Entry).ToList(), merged.Count > pageSize ? page[^1].Key.ToToken() : null);
    }

    private static readonly IComparer<TimelineItem> ByKey = Comparer<TimelineItem>.Create((a, b) => a.Key.CompareTo(b.Key));

    private static IEnumerable<TimelineItem> After(IEnumerable<TimelineItem> items, TimelineCursor? after) =>
        after is null ? items : items.Where(i => i.Key.CompareTo(after) > 0);

    private async Task<IEnumerable<TimelineItem>> OrderEventsAsync(IReadOnlyList<string> customerIds, TimelineCursor? after, int take, CancellationToken cancellationToken)
    {
        // Order events come first among entries of the same instant: after a cursor on another source, every order
        // event of that instant was shown already (an empty order id and the least sequence sort after all of them).
        // That instant is rounded up to the microsecond PostgreSQL keeps, or an event stored at the truncated instant
        // would be passed over; events the rounding lets in again are dropped below, and the read repeated larger
        // when that leaves too few.
        var before = after switch
        {
            null => null,
            { Source: TimelineSource.Order } => new OrderEventCursor(after.At, after.Subject, after.Sequence),
            _ => new OrderEventCursor(UpToMicrosecond(after.At), "", int.MinValue),
        };
        for (var max = take; ; max = Math.Min(max * 4, MaxRowsPerPage))
        {
            var events = await orders.ListCustomerEventsAsync(customerIds, before, max, cancellationToken);
            var items = After(events.Select(OrderEvent), after).ToList();
            if (items.Count >= take || events.Count < max || max >= MaxRowsPerPage)
            {
                return items.Order(ByKey).Take(take);
            }
        }
    }

    private static DateTimeOffset UpToMicrosecond(DateTimeOffset at)
    {
        var partial = at.UtcTicks % TimeSpan.TicksPerMicrosecond;
        return partial == 0 ? at : at.AddTicks(TimeSpan.TicksPerMicrosecond - partial);
    }

    /// <summary>
    /// The newest items of a list the store gives newest first but cannot start at a cursor: read a growing prefix
    /// until it holds enough items strictly after the cursor. Items at the instant the prefix ends with may continue
    /// beyond it, so only those newer than it count until the list is exhausted.
    /// </summary>
    private static async Task<IEnumerable<TimelineItem>> NewestAfterAsync<T>(
        Func<int, Task<IReadOnlyList<T>>> read, Func<T, DateTimeOffset> at, Func<T, TimelineItem> toItem, TimelineCursor? after, int take)
    {
        for (var max = take; ; max = Math.Min(max * 4, MaxRowsPerPage))
        {
            var rows = await read(max);
            var exhausted = rows.Count < max || max >= MaxRowsPerPage;
            var items = After(rows.Select(toItem), after).ToList();
            var certain = exhausted ? items : items.Where(i => i.Key.At > at(rows[^1])).ToList();
            if (exhausted || certain.Count >= take)
            {
                return certain.Order(ByKey).Take(take);
            }
        }
    }

    private static TimelineItem OrderEvent(StoredOrderEvent stored)
    {
        var e = stored.Event;
        var summary = e.Reason.Length > 0 ? $"{e.Detail} ({e.Reason})" : e.Detail;
        return new TimelineItem(
            new TimelineCursor(e.OccurredAt, TimelineSource.Order, stored.OrderId, stored.Sequence),
            new TimelineEntry(e.OccurredAt, TimelineSource.Order, e.Type, stored.OrderId, stored.Channel, e.Actor, summary));
    }

    private static IEnumerable<TimelineItem> CustomerEvents(CustomerDocument customer) =>
        customer.Events.Select((e, index) => new TimelineItem(
            new TimelineCursor(e.At, TimelineSource.Customer, customer.CustomerId, index),
            new TimelineEntry(e.At, TimelineSource.Customer, e.Type, customer.CustomerId, "", e.Actor, e.Detail)));

    private static TimelineItem DocumentIssued(BillingDocument document) => new(
        new TimelineCursor(document.IssuedAt, TimelineSource.Document, document.Number, 0),
        new TimelineEntry(
            document.IssuedAt, TimelineSource.Document,
            document.Kind == BillingDocumentKind.CreditNote ? BillingEventTypes.CreditNoteIssued : BillingEventTypes.InvoiceIssued,
            document.Number, document.Channel, "", Amount(document.GrossTotalMinor, document.Currency)));

    private static TimelineItem PaymentRecorded(Payment payment) => new(
        new TimelineCursor(payment.RecordedAt, TimelineSource.Payment, payment.Id, 0),
        new TimelineEntry(
            payment.RecordedAt, TimelineSource.Payment, payment.Source == PaymentSource.Refund ? "payment.refunded" : "payment.recorded",
            payment.Id, "", payment.RecordedBy, $"{Amount(payment.AmountMinor, payment.Currency)} ({payment.Source.ToString().ToLowerInvariant()})"));

    /// <summary>"119.00 EUR": minor units shifted by the currency's own digits.</summary>
    internal static string Amount(long minor, string currency)
    {
        var digits = CurrencyMinorDigits.IsCurrencyCode(currency) ? CurrencyMinorDigits.Of(currency) : 2;
        var major = (decimal)minor / (decimal)Math.Pow(10, digits);
        return major.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + " " + currency;
    }
}
