namespace Sourcing.Orders.Returns;

/// <summary>Who asks. Null sets mean "any": an agent sees every channel, a store clerk receives at their locations only.</summary>
/// <param name="Channels">The caller's channels; a return is asked for an order of one of them (null: any channel).</param>
/// <param name="Locations">Where the caller may drop off or receive goods (null: anywhere).</param>
/// <param name="CustomerId">A customer acting for themselves: only their own orders.</param>
/// <param name="MayOverridePolicy">A service agent: may authorise what the policy refuses, with a reason.</param>
/// <param name="MayDecideRefunds">Finance or a service agent: may refund now and resolve repairs.</param>
public sealed record ReturnCaller(
    string Actor,
    IReadOnlySet<string>? Channels,
    IReadOnlySet<string>? Locations,
    string? CustomerId,
    bool MayOverridePolicy,
    bool MayDecideRefunds);

/// <param name="RequestedVia">Where the customer asked: "web", "call-centre", "store" or a channel id (the policy reads it).</param>
/// <param name="DropOffLocationId">The store the customer will bring the goods to; null: the service proposes where to send them.</param>
/// <param name="PolicyOverrideReason">An agent authorises what the policy refuses; required and recorded when used.</param>
public sealed record AuthoriseReturnCommand(
    string OrderId,
    string RequestId,
    ReturnKind Kind,
    string RequestedVia,
    IReadOnlyList<ReturnLineRequest> Lines,
    string? DropOffLocationId,
    RefundDestination RefundDestination,
    string? PolicyOverrideReason);

public sealed record ReturnLineRequest(string LineId, int Quantity, ReturnReason Reason, string ReasonText, string ExchangeSku);

/// <param name="DropOffPoint">A location id (store counter) or "carrier" (a parcel shop scan).</param>
public sealed record DropOffCommand(string ReturnIdOrNumber, string DropOffPoint, DateTimeOffset At);

public sealed record ReceiveReturnCommand(string ReturnIdOrNumber, string RequestId, string LocationId, IReadOnlyList<ReceivedUnits> Units);

public sealed record ReceivedUnits(string LineId, UnitGrade Grade, int Quantity, string Note);

public sealed record RepairOutcomeCommand(string ReturnIdOrNumber, RepairOutcome Outcome, RepairResolution? Resolution, string Note);

/// <summary>Filters of ListReturns; null means any. Newest first.</summary>
public sealed record ReturnQuery(
    string? OrderId,
    string? CustomerId,
    IReadOnlySet<string>? Channels,
    string? LocationId,
    ReturnStatus? Status,
    int PageSize,
    ReturnPageToken? After);

public sealed record ReturnPageToken(DateTimeOffset CreatedAt, string ReturnId);

/// <summary>A return as the store indexes it beside its order (written in the same transaction as the order).</summary>
/// <param name="DueAt">The next deadline of an open return: the authorisation running out while nothing was handed
/// over, or goods sent or refunded ahead due back; null when none.</param>
/// <param name="Unfinished">Work is left between steps (a restock, a refund, a linked order, a charge not confirmed).</param>
public sealed record ReturnProjection(
    string ReturnId,
    string Number,
    string OrderId,
    string Channel,
    string CustomerId,
    ReturnKind Kind,
    ReturnStatus Status,
    string DestinationLocationId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DueAt,
    bool Unfinished);

public sealed record ReturnPage(IReadOnlyList<ReturnProjection> Returns, ReturnPageToken? Next);
