namespace Sourcing.Service.Errors;

/// <summary>
/// What a caller may safely do after a call failed because the store was unavailable. A command sent to Redis just
/// before a connection drops or a stall ends may still have run, so only a call that merely reads can promise that
/// nothing changed; for a change the honest answer is "it may have been applied" and how to retry without doing it twice.
/// </summary>
public sealed record RetryAdvice(bool MayHaveApplied, string Message)
{
    private const string Unavailable = "The stock store is unavailable";

    private static readonly RetryAdvice Read = new(false, $"{Unavailable}; this call only reads, so nothing was changed. Retry it.");

    private static readonly Dictionary<string, RetryAdvice> ByMethod = new(StringComparer.Ordinal)
    {
        ["GetAvailability"] = Read,
        ["WatchStock"] = Read,
        ["GetReservation"] = Read,
        ["GetLocation"] = Read,
        ["ListLocations"] = Read,
        ["Promise"] = Read,
        ["Reserve"] = ByRequestId(),
        ["AdjustStock"] = ByRequestId(),
        ["SourceOrder"] = new(true, $"{Unavailable}; units may have been held for this order. Retry with the same request id: "
            + "once an answer is stored it is the only one, and a hold left by the failed attempt is released when its TTL ends."),
        ["SetStock"] = Safe("an update whose sequence was already applied is ignored"),
        ["ImportStock"] = Safe("rows whose sequence was already applied are ignored"),
        ["SetSafetyStock"] = Safe("it sets an absolute value"),
        ["UpsertLocation"] = Safe("it replaces the whole location"),
        ["CommitReservation"] = Safe("committing a committed reservation again changes nothing"),
        ["ReleaseReservation"] = Safe("releasing a released reservation again changes nothing"),
    };

    private static readonly RetryAdvice Unknown = new(true, $"{Unavailable}; the change may have been applied. Check the current state before retrying.");

    /// <param name="method">The gRPC method path, e.g. <c>/sourcing.v1.InventoryService/Reserve</c>.</param>
    public static RetryAdvice For(string method) =>
        ByMethod.GetValueOrDefault(method[(method.LastIndexOf('/') + 1)..]) ?? Unknown;

    private static RetryAdvice ByRequestId() =>
        new(true, $"{Unavailable}; the change may have been applied. Retry with the same request id: a repeat is recognised and never applied twice.");

    private static RetryAdvice Safe(string why) =>
        new(true, $"{Unavailable}; the change may have been applied. Retrying the same request is safe: {why}.");
}
