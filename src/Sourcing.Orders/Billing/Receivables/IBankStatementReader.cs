using Sourcing.Orders.Billing.BankStatements;

namespace Sourcing.Orders.Billing.Receivables;

/// <summary>
/// The file-format side of a bank statement import (camt.053): one pass that checks the whole file and throws naming
/// the first bad entry, and one that streams the credit entries without holding the file.
/// </summary>
public interface IBankStatementReader
{
    void Validate(Stream file);

    IEnumerable<BankStatementEntry> ReadCredits(Stream file);
}
