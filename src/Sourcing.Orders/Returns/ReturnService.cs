using Microsoft.Extensions.Logging;

namespace Sourcing.Orders.Returns;

/// <summary>
/// The returns application service: authorises returns against an order's shipped units, records drop-off, receipt
/// and inspection, restocks, refunds (through <see cref="IReturnSettlement"/>), repairs and deadlines. A return lives
/// in its order's document, so every step is saved under the order's version; work on other stores (stock, billing,
/// a linked order) is decided first, saved, carried out, then confirmed in a second save, so
/// <see cref="ReconcileAsync"/> can finish a step a crash interrupted.
/// </summary>
public sealed partial class ReturnService(
    IOrderStore orders,
    IReturnPolicy policy,
    IReturnRouting routing,
    IReturnStock stock,
    IReturnSettlement settlement,
    ReturnOptions options,
    TimeProvider clock,
    ILogger<ReturnService> logger)
{
    /// <summary>How often a step is decided again on a fresh copy of an order someone else saved meanwhile.</summary>
    public const int MaxConcurrencyAttempts = 8;

    // The ports as fields: the partial files of the service share them.
    private readonly IOrderStore _orders = orders;
    private readonly IReturnPolicy _policy = policy;
    private readonly IReturnRouting _routing = routing;
    private readonly IReturnStock _stock = stock;
    private readonly IReturnSettlement _settlement = settlement;
    private readonly ReturnOptions _options = options;
    private readonly TimeProvider _clock = clock;
    private readonly ILogger<ReturnService> _logger = logger;

    public Task<ReturnResult> AuthoriseAsync(AuthoriseReturnCommand command, ReturnCaller caller, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<ReturnResult> GetAsync(string returnIdOrNumber, ReturnCaller caller, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    /// <summary>Returns matching the query, newest first; the host puts the caller's filters (channels, customer) in the query.</summary>
    public Task<ReturnPage> ListAsync(ReturnQuery query, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<ReturnResult> RecordDropOffAsync(DropOffCommand command, ReturnCaller caller, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<ReturnResult> ReceiveAsync(ReceiveReturnCommand command, ReturnCaller caller, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<ReturnResult> CancelAsync(string returnIdOrNumber, string reason, ReturnCaller caller, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<ReturnResult> RefundNowAsync(string returnIdOrNumber, ReturnCaller caller, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<ReturnResult> SendToRepairPartnerAsync(string returnIdOrNumber, string partnerName, string partnerReference, ReturnCaller caller, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<ReturnResult> RecordRepairOutcomeAsync(RepairOutcomeCommand command, ReturnCaller caller, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<ReturnResult> ShipRepairBackAsync(string returnIdOrNumber, string carrier, string trackingNumber, ReturnCaller caller, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    /// <summary>Expires untouched authorisations and charges goods sent or refunded ahead that are overdue. Returns how many returns were looked at.</summary>
    public Task<int> ProcessDeadlinesAsync(int max, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    /// <summary>Finishes the returns' work a crash left on the order: restocks not confirmed, settlement not carried out.</summary>
    public Task ReconcileAsync(string orderId, CancellationToken cancellationToken) =>
        throw new NotImplementedException();
}

/// <summary>A return and the order it is stored in, as saved.</summary>
public sealed record ReturnResult(Order Order, ReturnAuthorisation Return);
