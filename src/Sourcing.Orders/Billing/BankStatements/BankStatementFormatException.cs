namespace Sourcing.Orders.Billing.BankStatements;

/// <summary>
/// A bank statement file the reader refuses: names where ("Stmt[1]/Ntry[57]/Amt", 1-based like the entries'
/// locations), why, and the line of the file, so a clerk can find and fix it or ask the bank for a new one.
/// </summary>
public sealed class BankStatementFormatException(string location, string reason, int lineNumber, Exception? inner = null)
    : Exception($"{(location.Length > 0 ? location : "file")}: {reason}{(lineNumber > 0 ? $" (line {lineNumber})" : "")}", inner)
{
    /// <summary>Where in the statement, e.g. "Stmt[1]/Ntry[3]/TxDtls[2]/Amt"; empty when the file as a whole is wrong.</summary>
    public string Location { get; } = location;

    public string Reason { get; } = reason;

    /// <summary>1-based line in the file (0 when unknown).</summary>
    public int LineNumber { get; } = lineNumber;
}
