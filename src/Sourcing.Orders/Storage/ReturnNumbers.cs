namespace Sourcing.Orders.Storage;

/// <summary>Return numbers as both order stores keep them: unique across all orders, compared without case.</summary>
internal static class ReturnNumbers
{
    public const string TakenCode = "RETURN_NUMBER_TAKEN";

    /// <summary>How the number is stored and looked up, so "rma-abc" finds "RMA-ABC".</summary>
    public static string Canonical(string number) => number.ToUpperInvariant();

    /// <summary>The refusal of a save that would give a second return this number (the service retries with a new one).</summary>
    public static OrderStateException Taken(string number) =>
        new(TakenCode, $"return/{number}", $"The return number '{number}' is already used by another return; nothing was saved.");
}
