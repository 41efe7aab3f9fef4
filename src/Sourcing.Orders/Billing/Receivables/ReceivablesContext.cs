namespace Sourcing.Orders.Billing.Receivables;

/// <summary>What an account operation needs besides the account: who acts, when (service clock and seller's day), and the options.</summary>
public sealed record ReceivablesContext(string Actor, DateTimeOffset Now, DateOnly Today, BillingOptions Options);
