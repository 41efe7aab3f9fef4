using Sourcing.Orders.Billing.BankStatements;
using Sourcing.Orders.Billing.Receivables;

namespace Sourcing.Service.Billing;

/// <summary>The import's file format: ISO 20022 camt.053 bank-to-customer statements.</summary>
internal sealed class Camt053StatementReader : IBankStatementReader
{
    public void Validate(Stream file) => Camt053Reader.Validate(file, CancellationToken.None);

    public IEnumerable<BankStatementEntry> ReadCredits(Stream file) => Camt053Reader.ReadCredits(file);
}
