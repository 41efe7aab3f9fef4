namespace Sourcing.Service.Inventory;

/// <summary>What one pass over the due reservations did.</summary>
/// <param name="Examined">Due entries looked at; fewer than asked for means none are left.</param>
/// <param name="Expired">Reservations released because their expiry passed.</param>
/// <param name="Unreadable">
/// Ids of reservations whose stored record could not be read. They are set aside (no longer due), so they are reported
/// once and never stop the reservations due after them from being released; their units stay reserved until an
/// operator repairs or removes them.
/// </param>
public sealed record ExpirySweep(int Examined, int Expired, IReadOnlyList<string> Unreadable);
