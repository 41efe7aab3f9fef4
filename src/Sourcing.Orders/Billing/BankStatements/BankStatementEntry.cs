namespace Sourcing.Orders.Billing.BankStatements;

/// <summary>
/// One credit booked on the seller's account, read from a camt.053 statement (Stmt/Ntry with CdtDbtInd CRDT). Debits
/// are not payments from customers and are skipped by the reader (counted in <see cref="BankStatementSummary"/>).
/// <see cref="Location"/> says where the entry is in the file ("Stmt[1]/Ntry[57]", 1-based) for errors and reports;
/// <see cref="Reference"/> is unique per entry (the statement's Id with the entry's AcctSvcrRef, or its position when
/// the bank gives none); <see cref="RemittanceInfo"/> is the unstructured remittance lines (Ustrd) joined by a space,
/// plus the structured creditor reference.
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
