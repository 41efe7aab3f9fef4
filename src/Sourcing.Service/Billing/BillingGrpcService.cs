using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Sourcing.Orders;
using Sourcing.Orders.Billing;
using Sourcing.Orders.Billing.BankStatements;
using Sourcing.Orders.Billing.Capture;
using Sourcing.Orders.Billing.Documents;
using Sourcing.Orders.Billing.Dunning;
using Sourcing.Orders.Billing.Invoicing;
using Sourcing.Orders.Billing.Receivables;
using Sourcing.Service.Errors;
using Sourcing.Service.Security;
using Sourcing.Service.Sourcing;
using Proto = Sourcing.V1;

namespace Sourcing.Service.Billing;

/// <summary>
/// The gRPC face of billing: validates, decides what the caller may see, calls the billing services and maps back.
/// No billing logic lives here.
/// </summary>
public sealed class BillingGrpcService(
    IBillingStore store,
    IOrderStore orders,
    InvoicingService invoicing,
    PaymentResultService paymentResults,
    ReceivablesService receivables,
    BankStatementImport bankStatements,
    CustomerAccounts accounts,
    DunningService dunning,
    BillingOptions options,
    TimeProvider clock)
    : Proto.BillingService.BillingServiceBase
{
    /// <summary>Feed events read per round trip while catching up.</summary>
    private const int FeedBatch = 100;

    /// <summary>How long a quiet stream waits for news before looking again (a cancelled call ends the wait at once).</summary>
    private static readonly TimeSpan FeedWait = TimeSpan.FromSeconds(30);

    /// <summary>The seller's local day now: payments and dunning runs are dated in it.</summary>
    private DateOnly Today => SellerCalendar.LocalDay(options, clock.GetUtcNow());

    [Authorize(Policy = RpcPolicies.BillingRead)]
    public override async Task<Proto.BillingDocument> GetDocument(Proto.GetDocumentRequest request, ServerCallContext context)
    {
        Validate(problems => BillingRequestReader.DocumentRef(problems, "document", request.Document));
        return BillingMapping.ToProto(await VisibleDocumentAsync(request.Document, context));
    }

    [Authorize(Policy = RpcPolicies.BillingRead)]
    public override async Task<Proto.DocumentPdf> GetDocumentPdf(Proto.GetDocumentRequest request, ServerCallContext context)
    {
        Validate(problems => BillingRequestReader.DocumentRef(problems, "document", request.Document));
        var document = await VisibleDocumentAsync(request.Document, context);
        return new Proto.DocumentPdf
        {
            FileName = (document.Number.Length > 0 ? document.Number : document.Id) + ".pdf",
            ContentType = "application/pdf",
            Content = Google.Protobuf.ByteString.CopyFrom(BillingDocumentPdf.Render(document, options)),
        };
    }

    [Authorize(Policy = RpcPolicies.BillingRead)]
    public override async Task<Proto.ListDocumentsResponse> ListDocuments(Proto.ListDocumentsRequest request, ServerCallContext context)
    {
        var access = BillingAccess.Of(context);
        var customerId = access.CustomerOrOwn(request.CustomerId);
        var max = 0;
        Validate(problems =>
        {
            if (request.OrderId.Length == 0)
            {
                BillingRequestReader.CustomerId(problems, "customer_id", customerId);
            }
            else
            {
                problems.OptionalText("customer_id", customerId, BillingRequestReader.MaxCustomerIdLength);
                problems.RequiredText("order_id", request.OrderId, BillingRequestReader.MaxOrderIdLength);
            }

            if (request.Kind != Proto.BillingDocumentKind.Unspecified && BillingMapping.KindOf(request.Kind) is null)
            {
                problems.Add("kind", $"unknown kind {request.Kind}");
            }

            max = BillingRequestReader.MaxResults(problems, "max_results", request.MaxResults);
        });

        if (request.OrderId.Length > 0)
        {
            // The order names its customer; a caller who may not see the order's documents learns nothing of it.
            var order = await orders.GetAsync(request.OrderId, context.CancellationToken);
            var orderCustomer = order?.Document.Customer.Id;
            if (orderCustomer is null || (customerId.Length > 0 && customerId != orderCustomer))
            {
                return new Proto.ListDocumentsResponse();
            }

            customerId = orderCustomer;
        }
        else if (!access.SeesAccount(customerId) && !access.SeesSomeChannel)
        {
            throw new BillingNotFoundException("Customer account", customerId);
        }

        var kind = BillingMapping.KindOf(request.Kind);
        var documents = await store.ListDocumentsAsync(customerId, request.OrderId.Length == 0 ? null : request.OrderId, max, context.CancellationToken);
        return new Proto.ListDocumentsResponse
        {
            Documents = { documents.Where(d => (kind is null || d.Kind == kind) && access.SeesDocument(d)).Select(BillingMapping.ToProto) },
        };
    }

    [Authorize(Policy = RpcPolicies.BillingWrite)]
    public override async Task<Proto.BillingDocument> IssueCreditNote(Proto.IssueCreditNoteRequest request, ServerCallContext context)
    {
        IReadOnlyList<CreditLine> lines = [];
        Validate(problems => lines = BillingRequestReader.IssueCreditNote(problems, request));
        var invoice = await FindDocumentAsync(request.Invoice, context.CancellationToken) ?? throw new BillingNotFoundException("Invoice", request.Invoice);
        Validate(problems => BillingRequestReader.CreditLinesOnInvoice(problems, request.Lines, invoice));
        var command = new CreditNoteCommand(
            request.RequestId,
            invoice.Id,
            BillingMapping.CreditReasonOf(request.Reason)!.Value,
            request.ReasonText,
            lines.Count == 0 ? null : lines,
            request.AmountMinor == 0 ? null : request.AmountMinor);
        return BillingMapping.ToProto(await invoicing.IssueCreditNoteAsync(command, Caller.Of(context).Subject, context.CancellationToken));
    }

    [Authorize(Policy = RpcPolicies.PaymentResults)]
    public override async Task<Proto.RecordPaymentResultResponse> RecordPaymentResult(Proto.RecordPaymentResultRequest request, ServerCallContext context)
    {
        Validate(problems => BillingRequestReader.RecordPaymentResult(problems, request));
        var invoice = await FindDocumentAsync(request.Invoice, context.CancellationToken) ?? throw new BillingNotFoundException("Invoice", request.Invoice);
        var command = new PaymentResultCommand(
            request.RequestId, invoice.Id, BillingMapping.ResultOf(request.Result), request.AmountMinor, request.Currency, request.ProviderReference, request.Detail);
        var recorded = await paymentResults.RecordPaymentResultAsync(command, Caller.Of(context).Subject, context.CancellationToken);
        return new Proto.RecordPaymentResultResponse
        {
            InvoiceId = recorded.InvoiceId,
            OrderId = recorded.OrderId,
            Result = request.Result,
            PaymentId = recorded.PaymentId,
            AllocatedMinor = recorded.AllocatedMinor,
            Repeat = recorded.Repeat,
            OrderHeld = recorded.OrderHeld,
        };
    }

    [Authorize(Policy = RpcPolicies.BillingWrite)]
    public override async Task<Proto.RecordPaymentResponse> RecordPayment(Proto.RecordPaymentRequest request, ServerCallContext context)
    {
        var receivedOn = default(DateOnly);
        Validate(problems => receivedOn = BillingRequestReader.RecordPayment(problems, request, Today));
        var command = new RecordPaymentCommand(
            request.Reference,
            Blank(request.CustomerId),
            Blank(request.InvoiceNumber),
            Blank(request.OrderId),
            request.AmountMinor,
            request.Currency,
            receivedOn,
            request.PayerName,
            request.RemittanceInfo,
            BillingRequestReader.SourceOf(request.Source));
        return ToProto(await receivables.RecordPaymentAsync(command, Caller.Of(context).Subject, context.CancellationToken));
    }

    [Authorize(Policy = RpcPolicies.BillingWrite)]
    public override async Task<Proto.ImportBankStatementResponse> ImportBankStatement(
        IAsyncStreamReader<Proto.ImportBankStatementChunk> requestStream, ServerCallContext context)
    {
        await using var spool = await BankStatementSpool.ReceiveAsync(requestStream, context.CancellationToken);
        ImportSummary summary;
        try
        {
            summary = await bankStatements.ImportAsync(spool.File, null, Caller.Of(context).Subject, context.CancellationToken);
        }
        catch (BankStatementFormatException malformed)
        {
            throw new RequestValidationException([new FieldProblem("content", $"{spool.FileName}: {malformed.Message}")]);
        }
        catch (ArgumentOutOfRangeException refused) when (refused.ParamName is { } location)
        {
            // An entry whose amount or currency no payment may have: named by its place in the file.
            throw new RequestValidationException([new FieldProblem("content", $"{spool.FileName}: {location}: {refused.Message}")]);
        }

        return new Proto.ImportBankStatementResponse
        {
            Entries = summary.Entries,
            Matched = summary.Matched,
            Partial = summary.Partial,
            Overpaid = summary.Overpaid,
            Unmatched = summary.Unmatched,
            Duplicates = summary.Duplicates,
            TotalAmountMinor = summary.TotalAmountMinor,
        };
    }

    [Authorize(Policy = RpcPolicies.BillingWrite)]
    public override async Task<Proto.ListUnassignedPaymentsResponse> ListUnassignedPayments(Proto.ListUnassignedPaymentsRequest request, ServerCallContext context)
    {
        var max = 0;
        Validate(problems =>
        {
            max = BillingRequestReader.MaxResults(problems, "page_size", request.PageSize);
            problems.OptionalText("page_token", request.PageToken, BillingRequestReader.MaxDocumentRefLength);
        });
        var payments = await receivables.ListUnassignedPaymentsAsync(Blank(request.PageToken), max, context.CancellationToken);
        return new Proto.ListUnassignedPaymentsResponse
        {
            Payments = { payments.Select(BillingMapping.ToProto) },
            NextPageToken = payments.Count == max ? payments[^1].Id : "",
        };
    }

    [Authorize(Policy = RpcPolicies.BillingWrite)]
    public override async Task<Proto.RecordPaymentResponse> AssignPayment(Proto.AssignPaymentRequest request, ServerCallContext context)
    {
        Validate(problems => BillingRequestReader.AssignPayment(problems, request));
        var invoiceIds = new List<string>(request.Invoices.Count);
        foreach (var invoice in request.Invoices)
        {
            invoiceIds.Add((await FindDocumentAsync(invoice, context.CancellationToken) ?? throw new BillingNotFoundException("Invoice", invoice)).Id);
        }

        return ToProto(await receivables.AssignPaymentAsync(request.PaymentId, request.CustomerId, invoiceIds, Caller.Of(context).Subject, context.CancellationToken));
    }

    [Authorize(Policy = RpcPolicies.BillingWrite)]
    public override async Task<Proto.RunDunningResponse> RunDunning(Proto.RunDunningRequest request, ServerCallContext context)
    {
        var today = Today;
        var asOf = today;
        Validate(problems =>
        {
            if (request.AsOf.Length > 0)
            {
                asOf = BillingRequestReader.Day(problems, "as_of", request.AsOf, today) ?? today;
            }
        });
        var result = await dunning.RunAsync(asOf, Caller.Of(context).Subject, null, context.CancellationToken);
        return new Proto.RunDunningResponse
        {
            AsOf = BillingMapping.Day(asOf),
            CustomersChecked = result.CustomersChecked,
            CustomersRaised = result.CustomersRaised,
            ItemsRaised = result.ItemsRaised,
            FeeInvoices = result.FeeInvoices,
            FeesMinor = result.FeesMinor,
        };
    }

    [Authorize(Policy = RpcPolicies.BillingRead)]
    public override async Task<Proto.CustomerAccount> GetCustomerAccount(Proto.GetCustomerAccountRequest request, ServerCallContext context)
    {
        var access = BillingAccess.Of(context);
        var customerId = access.CustomerOrOwn(request.CustomerId);
        Validate(problems => BillingRequestReader.CustomerId(problems, "customer_id", customerId));
        access.EnsureAccount(customerId);
        return BillingMapping.ToProto(await accounts.GetAccountAsync(customerId, Today, context.CancellationToken));
    }

    [Authorize(Policy = RpcPolicies.BillingWrite)]
    public override async Task<Proto.CustomerAccount> SetCreditLimit(Proto.SetCreditLimitRequest request, ServerCallContext context)
    {
        Validate(problems => BillingRequestReader.SetCreditLimit(problems, request));
        await accounts.SetCreditLimitAsync(request.CustomerId, request.HasCreditLimitMinor ? request.CreditLimitMinor : null, Caller.Of(context).Subject, context.CancellationToken);
        return BillingMapping.ToProto(await accounts.GetAccountAsync(request.CustomerId, Today, context.CancellationToken));
    }

    [Authorize(Policy = RpcPolicies.PaymentResults)]
    public override async Task WatchBillingEvents(Proto.WatchBillingEventsRequest request, IServerStreamWriter<Proto.BillingEventMessage> responseStream, ServerCallContext context)
    {
        Validate(problems =>
        {
            if (request.HasAfterPosition)
            {
                problems.InRange("after_position", request.AfterPosition, 0, long.MaxValue);
            }

            BillingRequestReader.EventTypes(problems, request.EventTypes);
        });
        IReadOnlySet<string>? types = request.EventTypes.Count == 0 ? null : request.EventTypes.ToHashSet(StringComparer.Ordinal);
        var cancellationToken = context.CancellationToken;
        var position = request.HasAfterPosition ? request.AfterPosition : await store.LatestPositionAsync(cancellationToken);
        while (!cancellationToken.IsCancellationRequested)
        {
            // Read before the batch: every event up to it that the filtered batch does not show was scanned and did
            // not match, so the stream may move past it without skipping one.
            var latest = await store.LatestPositionAsync(cancellationToken);
            var batch = await store.ReadFeedAsync(position, FeedBatch, types, cancellationToken);
            foreach (var stored in batch)
            {
                await responseStream.WriteAsync(BillingMapping.ToProto(stored), cancellationToken);
            }

            position = batch.Count == FeedBatch ? batch[^1].Position : Math.Max(latest, batch.Count > 0 ? batch[^1].Position : position);
            if (batch.Count < FeedBatch)
            {
                await store.WaitForEventsAsync(position, FeedWait, cancellationToken);
            }
        }
    }

    private async Task<BillingDocument> VisibleDocumentAsync(string reference, ServerCallContext context) =>
        BillingAccess.Of(context).EnsureDocument(await FindDocumentAsync(reference, context.CancellationToken), reference);

    /// <summary>A document by id (inv_..., gs_...) or by number (RE-2026-000042, any letter case).</summary>
    private async Task<BillingDocument?> FindDocumentAsync(string reference, CancellationToken cancellationToken) =>
        await store.GetDocumentAsync(reference, cancellationToken)
        ?? await store.FindDocumentByNumberAsync(reference.ToUpperInvariant(), cancellationToken);

    private static Proto.RecordPaymentResponse ToProto(PaymentOutcome outcome) => new()
    {
        Match = outcome.Match switch
        {
            PaymentMatch.Matched => Proto.PaymentMatch.Matched,
            PaymentMatch.Partial => Proto.PaymentMatch.Partial,
            PaymentMatch.Overpaid => Proto.PaymentMatch.Overpaid,
            PaymentMatch.Unmatched => Proto.PaymentMatch.Unmatched,
            PaymentMatch.Duplicate => Proto.PaymentMatch.Duplicate,
            _ => Proto.PaymentMatch.Unspecified,
        },
        Payment = BillingMapping.ToProto(outcome.Payment),
        Allocations = { outcome.Allocations.Select(BillingMapping.ToProto) },
    };

    private static string? Blank(string value) => value.Length == 0 ? null : value;

    private static void Validate(Action<ProblemList> check)
    {
        var problems = new ProblemList();
        check(problems);
        problems.ThrowIfAny();
    }
}
