using System.Globalization;
using System.Text;
using System.Xml;

namespace Sourcing.Orders.Billing.BankStatements;

public enum Camt053Version
{
    /// <summary>camt.053.001.02, the version most German banks have sent since SEPA.</summary>
    V02 = 2,

    /// <summary>camt.053.001.08 (SWIFT/CBPR+ era): parties wrapped in Pty, a status code in Sts/Cd.</summary>
    V08 = 8,
}

/// <summary>
/// Writes a schema-valid camt.053 statement of one account, entry by entry straight to the stream (nothing kept in
/// memory), for tests and benchmarks that need statements of any size. An entry's Reference becomes its AcctSvcrRef,
/// so the reader gives it back as "{statementId}/{Reference}".
/// </summary>
public sealed class Camt053Writer : IDisposable
{
    private readonly XmlWriter writer;
    private readonly Camt053Version version;
    private readonly string ns;
    private int entries;
    private bool closed;

    public Camt053Writer(
        Stream output, string statementId, string accountIban, string currency = "EUR",
        Camt053Version version = Camt053Version.V08, DateTimeOffset? createdAt = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        this.version = version;
        ns = $"urn:iso:std:iso:20022:tech:xsd:camt.053.001.{(int)version:D2}";
        var created = (createdAt ?? new DateTimeOffset(2026, 11, 27, 6, 0, 0, TimeSpan.Zero)).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

        writer = XmlWriter.Create(output, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, CloseOutput = false });
        writer.WriteStartDocument();
        writer.WriteStartElement("Document", ns);
        writer.WriteStartElement("BkToCstmrStmt", ns);
        writer.WriteStartElement("GrpHdr", ns);
        Element("MsgId", $"MSG-{statementId}");
        Element("CreDtTm", created);
        writer.WriteEndElement();

        writer.WriteStartElement("Stmt", ns);
        Element("Id", statementId);
        Element("ElctrncSeqNb", "1");
        Element("CreDtTm", created);
        writer.WriteStartElement("Acct", ns);
        writer.WriteStartElement("Id", ns);
        Element("IBAN", accountIban);
        writer.WriteEndElement();
        Element("Ccy", currency);
        writer.WriteEndElement();

        // A statement needs one balance; the opening one is all a streaming writer can know before the entries.
        writer.WriteStartElement("Bal", ns);
        writer.WriteStartElement("Tp", ns);
        writer.WriteStartElement("CdOrPrtry", ns);
        Element("Cd", "OPBD");
        writer.WriteEndElement();
        writer.WriteEndElement();
        Amount(0, currency);
        Element("CdtDbtInd", "CRDT");
        writer.WriteStartElement("Dt", ns);
        Element("Dt", created[..10]);
        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    public int Entries => entries;

    public void WriteCredit(BankStatementEntry entry) => WriteEntry(entry, credit: true);

    /// <summary>One booking with one transaction; <paramref name="reversal"/> sets RvslInd.</summary>
    public void WriteEntry(BankStatementEntry entry, bool credit, bool reversal = false)
    {
        ArgumentNullException.ThrowIfNull(entry);
        StartEntry(entry.Reference, entry.AmountMinor, entry.Currency, credit, reversal, entry.BookingDate);
        writer.WriteStartElement("NtryDtls", ns);
        Transaction(entry, credit, amountInDetails: false);
        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    /// <summary>A batch booking (Sammelgutschrift): one credit entry of the transactions' sum, one TxDtls each.</summary>
    public void WriteBatchCredit(string accountServicerReference, DateOnly bookingDate, IReadOnlyList<BankStatementEntry> transactions)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        ArgumentOutOfRangeException.ThrowIfLessThan(transactions.Count, 2);
        StartEntry(accountServicerReference, transactions.Sum(t => t.AmountMinor), transactions[0].Currency, credit: true, reversal: false, bookingDate);
        writer.WriteStartElement("NtryDtls", ns);
        writer.WriteStartElement("Btch", ns);
        Element("NbOfTxs", transactions.Count.ToString(CultureInfo.InvariantCulture));
        writer.WriteEndElement();
        foreach (var transaction in transactions)
        {
            Transaction(transaction, credit: true, amountInDetails: true);
        }

        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    /// <summary>Closes the statement and the document; the stream then holds a complete file.</summary>
    public void Dispose()
    {
        if (closed)
        {
            return;
        }

        closed = true;
        writer.WriteEndElement(); // Stmt
        writer.WriteEndElement(); // BkToCstmrStmt
        writer.WriteEndElement(); // Document
        writer.WriteEndDocument();
        writer.Dispose();
    }

    private void StartEntry(string reference, long amountMinor, string currency, bool credit, bool reversal, DateOnly bookingDate)
    {
        entries++;
        var day = bookingDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        writer.WriteStartElement("Ntry", ns);
        Element("NtryRef", entries.ToString(CultureInfo.InvariantCulture));
        Amount(amountMinor, currency);
        Element("CdtDbtInd", credit ? "CRDT" : "DBIT");
        if (reversal)
        {
            Element("RvslInd", "true");
        }

        if (version == Camt053Version.V02)
        {
            Element("Sts", "BOOK");
        }
        else
        {
            writer.WriteStartElement("Sts", ns);
            Element("Cd", "BOOK");
            writer.WriteEndElement();
        }

        writer.WriteStartElement("BookgDt", ns);
        Element("Dt", day);
        writer.WriteEndElement();
        writer.WriteStartElement("ValDt", ns);
        Element("Dt", day);
        writer.WriteEndElement();
        Element("AcctSvcrRef", reference);
        writer.WriteStartElement("BkTxCd", ns);
        writer.WriteStartElement("Domn", ns);
        Element("Cd", "PMNT");
        writer.WriteStartElement("Fmly", ns);
        Element("Cd", credit ? "RCDT" : "ICDT");
        Element("SubFmlyCd", "ESCT");
        writer.WriteEndElement();
        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    private void Transaction(BankStatementEntry entry, bool credit, bool amountInDetails)
    {
        writer.WriteStartElement("TxDtls", ns);
        writer.WriteStartElement("Refs", ns);
        Element("EndToEndId", entry.EndToEndId.Length > 0 ? entry.EndToEndId : "NOTPROVIDED");
        writer.WriteEndElement();
        if (amountInDetails)
        {
            if (version == Camt053Version.V02)
            {
                writer.WriteStartElement("AmtDtls", ns);
                writer.WriteStartElement("TxAmt", ns);
                Amount(entry.AmountMinor, entry.Currency);
                writer.WriteEndElement();
                writer.WriteEndElement();
            }
            else
            {
                Amount(entry.AmountMinor, entry.Currency);
                Element("CdtDbtInd", credit ? "CRDT" : "DBIT");
            }
        }

        if (entry.PayerName.Length > 0)
        {
            writer.WriteStartElement("RltdPties", ns);
            writer.WriteStartElement(credit ? "Dbtr" : "Cdtr", ns);
            if (version == Camt053Version.V08)
            {
                writer.WriteStartElement("Pty", ns);
            }

            Element("Nm", entry.PayerName);
            if (version == Camt053Version.V08)
            {
                writer.WriteEndElement();
            }

            writer.WriteEndElement();
            writer.WriteEndElement();
        }

        if (entry.RemittanceInfo.Length > 0)
        {
            // Ustrd holds at most 140 characters a line.
            writer.WriteStartElement("RmtInf", ns);
            foreach (var chunk in entry.RemittanceInfo.Chunk(140))
            {
                Element("Ustrd", new string(chunk));
            }

            writer.WriteEndElement();
        }

        writer.WriteEndElement();
    }

    private void Amount(long minor, string currency)
    {
        writer.WriteStartElement("Amt", ns);
        writer.WriteAttributeString("Ccy", currency);
        writer.WriteString(CamtAmount.Format(minor, currency));
        writer.WriteEndElement();
    }

    private void Element(string name, string value) => writer.WriteElementString(name, ns, value);
}
