namespace Sourcing.Orders.Billing.BankStatements;

/// <summary>
/// One credit booked on the seller's account, read from a camt.053 statement (Stmt/Ntry with CdtDbtInd CRDT). Debits
/// are not payments from customers and are skipped by the reader (counted in <see cref="BankStatementSummary"/>).
/// <see cref="Location"/> says where the entry is in the file ("Stmt[1]/Ntry[57]", 1-based; "Stmt[1]/Ntry[3]/TxDtls[2]"
/// for one transaction of a batch booking) for errors and reports; <see cref="Reference"/> is unique per entry and the
/// same on every read of the file: the statement's Id, "/", and the entry's AcctSvcrRef, else its NtryRef, else its
/// location (a batch's transactions add "/TxDtls[n]"). <see cref="PayerName"/> is the debtor's name,
/// <see cref="RemittanceInfo"/> the unstructured remittance lines (Ustrd) joined by a space, plus the structured
/// creditor reference; <see cref="EndToEndId"/> is empty when the payer gave none (NOTPROVIDED).
/// </summary>
public sealed record BankStatementEntry(
    string Location,
    string Reference,
    long AmountMinor,
    string Currency,
    DateOnly BookingDate,
    string PayerName,
    string RemittanceInfo,
    string EndToEndId);

/// <summary>
/// What a whole camt.053 file holds: the first statement's Id and account (a file may carry several statements, counted
/// in <see cref="Statements"/>), the credits the reader yields, and the debits and reversals (RvslInd true) it skips.
/// A batch booking counts once per transaction in it.
/// </summary>
public sealed record BankStatementSummary(
    string StatementId,
    string AccountIban,
    int Credits,
    int DebitsSkipped,
    int ReversalsSkipped = 0,
    int Statements = 1);
