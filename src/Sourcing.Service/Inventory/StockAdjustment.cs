namespace Sourcing.Service.Inventory;

/// <summary>
/// A signed change of on hand under the caller's request id. <see cref="Fingerprint"/> tells a retry of the same
/// adjustment (applied at most once) from a different adjustment reusing the id (refused).
/// </summary>
public sealed record StockAdjustment(string RequestId, string Sku, string LocationId, long Delta, string Reason, string Fingerprint);
