using Microsoft.Extensions.Logging;
using Sourcing.Orders.Billing.Invoicing;

namespace Sourcing.Orders.Billing.Capture;

/// <summary>
/// Records what the payment provider answered to a capture request. A capture becomes a payment allocated to its
/// invoice (what the invoice no longer needs stays on the account as credit); a failed capture or an expired
/// authorisation is recorded on the billing feed and holds the order's remaining work (PAYMENT_FAILED) — the hold is
/// placed right away and, should that fail, by <see cref="PaymentHoldFollower"/> from the feed; a refund the provider
/// paid takes the money back off the invoice. Never asks a provider anything.
/// </summary>
public sealed class PaymentResultService(IBillingStore billing, OrderLifecycle orders, BillingOptions options, TimeProvider clock, ILogger<PaymentResultService> logger)
{
    public const int MaxDetailLength = 500;
    public const long MaxAmountMinor = 1_000_000_000_000_000;

    public async Task<PaymentResultRecorded> RecordPaymentResultAsync(PaymentResultCommand command, string actor, CancellationToken cancellationToken)
    {
        Validate(command);
        var invoice = await billing.GetDocumentAsync(command.InvoiceId, cancellationToken);
        if (invoice is null || invoice.Kind != BillingDocumentKind.Invoice)
        {
            throw new BillingNotFoundException("invoice", command.InvoiceId);
        }

        if (invoice.Currency != command.Currency)
        {
            throw new BillingStateException("CURRENCY_MISMATCH", $"Invoice {invoice.Number} is in {invoice.Currency}; the result is in {command.Currency}.");
        }

        return command.Result switch
        {
            PaymentResult.Captured => await RecordMoneyAsync(command, invoice, actor, "capture:", cancellationToken),
            PaymentResult.Refunded => await RecordMoneyAsync(command, invoice, actor, "refund:", cancellationToken),
            _ => await RecordFailureAsync(command, invoice, actor, cancellationToken),
        };
    }

    private static void Validate(PaymentResultCommand command)
    {
        if (string.IsNullOrWhiteSpace(command.RequestId))
        {
            throw new ArgumentException("A payment result needs a request id.", "request_id");
        }

        if (string.IsNullOrWhiteSpace(command.InvoiceId))
        {
            throw new ArgumentException("A payment result names its invoice.", "invoice_id");
        }

        if (!Enum.IsDefined(command.Result))
        {
            throw new ArgumentException($"Unknown result {command.Result}.", "result");
        }

        var moves = command.Result is PaymentResult.Captured or PaymentResult.Refunded;
        if (moves ? command.AmountMinor is <= 0 or > MaxAmountMinor : command.AmountMinor is < 0 or > MaxAmountMinor)
        {
            throw new ArgumentException($"The amount must be between {(moves ? 1 : 0)} and {MaxAmountMinor}.", "amount_minor");
        }

        if (command.Currency.Length != 3 || !command.Currency.All(char.IsAsciiLetterUpper))
        {
            throw new ArgumentException("The currency is an ISO 4217 code of three capital letters.", "currency");
        }

        if (command.Detail.Length > MaxDetailLength)
        {
            throw new ArgumentException($"The detail is at most {MaxDetailLength} characters.", "detail");
        }
    }

    // ---- Captured / refunded --------------------------------------------------------------------------------------

    private async Task<PaymentResultRecorded> RecordMoneyAsync(PaymentResultCommand command, BillingDocument invoice, string actor, string prefix, CancellationToken cancellationToken)
    {
        var reference = prefix + (command.ProviderReference.Length > 0 ? command.ProviderReference : command.RequestId);
        if ((await billing.FindPaymentReferencesAsync([reference], cancellationToken)).Count > 0)
        {
            return await RepeatAsync(command, invoice, reference, cancellationToken);
        }

        var now = clock.GetUtcNow();
        try
        {
            var allocated = await billing.ChangeAccountsAsync([invoice.CustomerId], new AccountLoad([invoice.Id], []), account =>
                command.Result == PaymentResult.Captured
                    ? BookCapture(account, command, invoice, reference, actor, now)
                    : BookRefund(account, command, invoice, reference, actor, now), cancellationToken);
            var (paymentId, amount) = allocated[0];
            return new PaymentResultRecorded(invoice.Id, invoice.OrderId, command.Result, paymentId, amount, Repeat: false, OrderHeld: false);
        }
        catch (BillingDuplicateException)
        {
            // A concurrent copy of the same result was saved first.
            return await RepeatAsync(command, invoice, reference, cancellationToken);
        }
    }

    private (string PaymentId, long Allocated) BookCapture(BillingAccount account, PaymentResultCommand command, BillingDocument invoice, string reference, string actor, DateTimeOffset now)
    {
        var item = ItemOf(account, invoice);
        if (item.PaidMinor > 0 && item.OpenMinor <= 0)
        {
            throw new BillingStateException("INVOICE_ALREADY_CAPTURED", $"Invoice {invoice.Number} is paid in full; a further capture of {command.AmountMinor} is refused.");
        }

        var today = SellerCalendar.LocalDay(options, now);
        var payment = NewPayment(account, command, invoice, reference, PaymentSource.Capture, command.AmountMinor, actor, now, today);
        account.AddEvent(new BillingEvent(BillingEventTypes.Captured, now, account.CustomerId, invoice.OrderId, invoice.Id, payment.Id,
            command.AmountMinor, command.Currency, Describe(command)));
        var allocated = AccountPostings.Allocate(account, payment, item, command.AmountMinor, AccountPostings.AutoAllocator, now, today);
        return (payment.Id, allocated);
    }

    /// <summary>The provider paid money back: it comes off what the invoice counts as paid (so much as it had), the rest off the account's credit.</summary>
    private (string PaymentId, long Allocated) BookRefund(BillingAccount account, PaymentResultCommand command, BillingDocument invoice, string reference, string actor, DateTimeOffset now)
    {
        var item = ItemOf(account, invoice);
        var today = SellerCalendar.LocalDay(options, now);
        var payment = NewPayment(account, command, invoice, reference, PaymentSource.Refund, -command.AmountMinor, actor, now, today);
        account.AddEvent(new BillingEvent(CaptureEventTypes.Refunded, now, account.CustomerId, invoice.OrderId, invoice.Id, payment.Id,
            command.AmountMinor, command.Currency, Describe(command)));
        var takenBack = Math.Min(command.AmountMinor, item.PaidMinor);
        if (takenBack > 0)
        {
            payment.UnallocatedMinor += takenBack;
            item.PaidMinor -= takenBack;
            if (item.OpenMinor > 0)
            {
                item.SettledOn = null;
            }

            account.Touch(item);
            account.AddAllocation(new Allocation
            {
                Id = DocumentIds.NewAllocationId(), PaymentId = payment.Id, InvoiceId = item.InvoiceId, CustomerId = account.CustomerId,
                Currency = item.Currency, AmountMinor = -takenBack, AllocatedAt = now, AllocatedBy = AccountPostings.AutoAllocator,
            });
            account.AddEvent(new BillingEvent(BillingEventTypes.PaymentAllocated, now, account.CustomerId, item.OrderId, item.InvoiceId, payment.Id,
                -takenBack, item.Currency, "refund taken back off the invoice"));
        }

        return (payment.Id, -takenBack);
    }

    private static Payment NewPayment(BillingAccount account, PaymentResultCommand command, BillingDocument invoice, string reference, PaymentSource source, long amount, string actor, DateTimeOffset now, DateOnly today)
    {
        var payment = new Payment
        {
            Id = DocumentIds.NewPaymentId(),
            CustomerId = account.CustomerId,
            Currency = command.Currency,
            AmountMinor = amount,
            UnallocatedMinor = amount,
            Source = source,
            ExternalReference = reference,
            ReceivedOn = today,
            RecordedAt = now,
            RecordedBy = actor,
            RemittanceInfo = command.Detail,
            OrderId = invoice.OrderId,
        };
        account.AddPayment(payment);
        return payment;
    }

    private static OpenItem ItemOf(BillingAccount account, BillingDocument invoice) =>
        account.Items.FirstOrDefault(i => i.InvoiceId == invoice.Id) ?? throw new BillingNotFoundException("invoice", invoice.Id);

    /// <summary>The same result again: answered with the payment it booked; a different amount under the same reference is refused.</summary>
    private async Task<PaymentResultRecorded> RepeatAsync(PaymentResultCommand command, BillingDocument invoice, string reference, CancellationToken cancellationToken)
    {
        var payments = await billing.ListPaymentsAsync(invoice.CustomerId, int.MaxValue, cancellationToken);
        var earlier = payments.FirstOrDefault(p => p.ExternalReference == reference);
        var sameAmount = command.Result == PaymentResult.Refunded ? -command.AmountMinor : command.AmountMinor;
        if (earlier is null || earlier.AmountMinor != sameAmount || earlier.OrderId != invoice.OrderId)
        {
            throw new BillingStateException("REQUEST_ID_REUSED", $"{reference} was recorded already with a different amount or invoice.");
        }

        return new PaymentResultRecorded(invoice.Id, invoice.OrderId, command.Result, earlier.Id, earlier.AmountMinor - earlier.UnallocatedMinor, Repeat: true, OrderHeld: false);
    }

    // ---- Failed / authorisation expired ---------------------------------------------------------------------------

    private async Task<PaymentResultRecorded> RecordFailureAsync(PaymentResultCommand command, BillingDocument invoice, string actor, CancellationToken cancellationToken)
    {
        var type = command.Result == PaymentResult.Failed ? BillingEventTypes.CaptureFailed : BillingEventTypes.AuthorisationExpired;
        var reason = FailureReason(command, invoice);
        var repeat = await FailureRecordedAsync(type, invoice.Id, reason, cancellationToken);
        if (!repeat)
        {
            var now = clock.GetUtcNow();
            await billing.ChangeAccountsAsync([invoice.CustomerId], new AccountLoad([invoice.Id], []), account =>
            {
                var item = ItemOf(account, invoice);
                if (item.PaidMinor > 0 && item.OpenMinor <= 0)
                {
                    throw new BillingStateException("INVOICE_ALREADY_CAPTURED", $"Invoice {invoice.Number} is paid in full; a failed capture for it is refused.");
                }

                account.AddEvent(new BillingEvent(type, now, account.CustomerId, invoice.OrderId, invoice.Id, "", command.AmountMinor, command.Currency, reason));
                return true;
            }, cancellationToken);
        }

        var held = await HoldOrderAsync(invoice.OrderId, reason, actor);
        return new PaymentResultRecorded(invoice.Id, invoice.OrderId, command.Result, "", 0, repeat, held);
    }

    /// <summary>
    /// The hold's reason, also the event's detail: it names the failure (request id), so the order is held once per
    /// failure whether the hold comes from this call or from the follower replaying the event.
    /// </summary>
    private static string FailureReason(PaymentResultCommand command, BillingDocument invoice) =>
        $"{(command.Result == PaymentResult.Failed ? "capture failed" : "authorisation expired")} for invoice {invoice.Number} (request {command.RequestId})" +
        (command.Detail.Length > 0 ? ": " + command.Detail : "");

    /// <summary>
    /// Failures are rare, so the feed filtered to their type is short: a repeat is found there. Two copies of one
    /// result arriving at the same instant may both record the event; the order is still held only once.
    /// </summary>
    private async Task<bool> FailureRecordedAsync(string type, string invoiceId, string reason, CancellationToken cancellationToken)
    {
        var types = new HashSet<string>(StringComparer.Ordinal) { type };
        for (long after = 0; ;)
        {
            var page = await billing.ReadFeedAsync(after, 1_000, types, cancellationToken);
            if (page.Any(e => e.Event.DocumentId == invoiceId && e.Event.Detail == reason))
            {
                return true;
            }

            if (page.Count == 0)
            {
                return false;
            }

            after = page[^1].Position;
        }
    }

    /// <summary>Holds the order now; when that fails the billing event is saved, and the follower holds the order from it.</summary>
    private async Task<bool> HoldOrderAsync(string orderId, string reason, string actor)
    {
        if (orderId.Length == 0)
        {
            return false;
        }

        try
        {
            await orders.PlacePaymentHoldAsync(orderId, PaymentHolds.PaymentFailed, reason, actor, CancellationToken.None);
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "Order {OrderId}: the payment failure is recorded but the order could not be held now; the payment hold follower holds it", orderId);
            return false;
        }
    }

    private static string Describe(PaymentResultCommand command) =>
        $"request {command.RequestId}" + (command.ProviderReference.Length > 0 ? $", provider reference {command.ProviderReference}" : "") +
        (command.Detail.Length > 0 ? ": " + command.Detail : "");
}
