namespace Sourcing.Orders.Billing.Invoicing;

/// <summary>
/// Charge the customer of <paramref name="OrderId"/> (the original order) for units of return
/// <paramref name="ReturnId"/> that were sent or refunded ahead and never came back. Issued once per return: a repeat
/// answers with the invoice issued first.
/// </summary>
public sealed record ReturnChargeCommand(string ReturnId, string OrderId, IReadOnlyList<ReturnChargeLine> Lines);

/// <summary>Units of one order line charged at the gross unit price they were invoiced at.</summary>
public sealed record ReturnChargeLine(string LineId, string Sku, string Description, int Quantity, long UnitGrossMinor, int VatRateBasisPoints);
