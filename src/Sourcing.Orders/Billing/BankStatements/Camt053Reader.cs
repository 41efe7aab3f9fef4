using System.Text.RegularExpressions;
using System.Xml;

namespace Sourcing.Orders.Billing.BankStatements;

/// <summary>
/// Reads ISO 20022 bank-to-customer statements (camt.053, any version of the camt.053.001 schema: .02 as most German
/// banks still send, .08 and later) as a stream: one entry in memory at a time, so a statement of any size up to
/// <see cref="MaxFileBytes"/> reads in bounded memory. DTDs are refused, so no entity can expand (billion laughs) and
/// no external file or URL is ever read. Every fault is a <see cref="BankStatementFormatException"/> naming the entry.
/// </summary>
public static partial class Camt053Reader
{
    /// <summary>The largest file read: 1 GB.</summary>
    public const long MaxFileBytes = 1L << 30;

    /// <summary>
    /// Reads the whole file and checks every entry (credits, debits and reversals alike), returning what it holds.
    /// Use it before importing so a file that fails half-way changes nothing.
    /// </summary>
    public static BankStatementSummary Validate(Stream stream, CancellationToken cancellationToken) =>
        Validate(stream, MaxFileBytes, cancellationToken);

    internal static BankStatementSummary Validate(Stream stream, long maxFileBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var parser = new Parser(stream, maxFileBytes);
        while (parser.NextEntry() is not null)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }

        return parser.Summary();
    }

    /// <summary>
    /// The credits (CdtDbtInd CRDT) in file order, one per transaction of a batch booking; debits and reversals
    /// (RvslInd true) are skipped. Lazy: the stream is read as the caller enumerates and must stay open until then; a
    /// fault surfaces as <see cref="BankStatementFormatException"/> when the enumeration reaches it.
    /// </summary>
    public static IEnumerable<BankStatementEntry> ReadCredits(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ReadCreditsIterator(stream, cancellationToken);
    }

    private static IEnumerable<BankStatementEntry> ReadCreditsIterator(Stream stream, CancellationToken cancellationToken)
    {
        using var parser = new Parser(stream, MaxFileBytes);
        while (parser.NextEntry() is { } transactions)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var transaction in transactions)
            {
                if (transaction.Kind == TransactionKind.Credit)
                {
                    yield return transaction.Entry;
                }
            }
        }
    }

    [GeneratedRegex(@"^urn:iso:std:iso:20022:tech:xsd:camt\.053\.001\.\d{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex Camt053Namespace();

    internal enum TransactionKind
    {
        Credit,
        Debit,
        Reversal,
    }

    internal sealed record Transaction(BankStatementEntry Entry, TransactionKind Kind);

    /// <summary>Walks the Document / BkToCstmrStmt / Stmt levels by hand and reads each entry as one small element.</summary>
    private sealed class Parser : IDisposable
    {
        private static readonly XmlReaderSettings Settings = new()
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxFileBytes,
            MaxCharactersFromEntities = 1024,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
            CloseInput = false,
        };

        private readonly XmlReader reader;
        private readonly CamtElement.Reader elements = new();
        private bool started;
        private int statements;
        private string? statementId;
        private string location = "";
        private int entryIndex;
        private string firstStatementId = "";
        private string firstIban = "";
        private string? reading;
        private int credits;
        private int debits;
        private int reversals;

        public Parser(Stream stream, long maxFileBytes) => reader = XmlReader.Create(new BoundedReadStream(stream, maxFileBytes), Settings);

        public void Dispose() => reader.Dispose();

        public BankStatementSummary Summary() =>
            new(firstStatementId, firstIban, credits, debits, reversals, statements);

        /// <summary>The next entry's transactions, or null at the end of the file.</summary>
        public List<Transaction>? NextEntry()
        {
            try
            {
                if (!started)
                {
                    Start();
                    started = true;
                }

                while (!reader.EOF)
                {
                    switch (reader.NodeType)
                    {
                        case XmlNodeType.Element when reader.Depth == 1:
                            if (reader.LocalName != "BkToCstmrStmt")
                            {
                                throw Fault("", $"not a camt.053 statement: <{reader.LocalName}> where <BkToCstmrStmt> belongs");
                            }

                            reader.Read();
                            break;
                        case XmlNodeType.Element when reader.Depth == 2 && reader.LocalName == "Stmt":
                            BeginStatement();
                            break;
                        case XmlNodeType.Element when reader.Depth == 2:
                            elements.Read(reader, reader.LocalName);
                            break;
                        case XmlNodeType.Element when reader.Depth == 3:
                            if (ReadStatementChild() is { } transactions)
                            {
                                return transactions;
                            }

                            break;
                        case XmlNodeType.EndElement when reader.Depth == 2:
                            EndStatement();
                            reader.Read();
                            break;
                        default:
                            reader.Read();
                            break;
                    }
                }

                if (statements == 0)
                {
                    throw Fault("", "the statement file holds no Stmt");
                }

                return null;
            }
            catch (XmlException exception)
            {
                // Some refusals (a DTD) carry no line in the exception; the reader still knows where it stopped.
                var line = exception.LineNumber > 0 ? exception.LineNumber : CamtElement.LineOf(reader);
                throw new BankStatementFormatException(reading ?? location, $"XML is not well-formed or not allowed: {exception.Message}", line, exception);
            }
        }

        private void Start()
        {
            if (reader.MoveToContent() != XmlNodeType.Element || reader.LocalName != "Document" || !Camt053Namespace().IsMatch(reader.NamespaceURI))
            {
                var found = reader.NodeType == XmlNodeType.Element ? $"<{reader.LocalName}> in namespace '{reader.NamespaceURI}'" : "no element";
                throw Fault("", $"not a camt.053 statement: expected <Document> in namespace urn:iso:std:iso:20022:tech:xsd:camt.053.001.*, found {found}");
            }

            reader.Read();
        }

        private void BeginStatement()
        {
            statements++;
            statementId = null;
            entryIndex = 0;
            location = $"Stmt[{statements}]";
            if (reader.IsEmptyElement)
            {
                throw Fault($"{location}/Id", "missing statement Id");
            }

            reader.Read();
        }

        private void EndStatement()
        {
            if (statementId is null)
            {
                throw Fault($"{location}/Id", "missing statement Id");
            }

            location = "";
        }

        private List<Transaction>? ReadStatementChild()
        {
            switch (reader.LocalName)
            {
                case "Id":
                    var id = elements.Read(reader, $"{location}/Id");
                    if (id.Text.Length == 0)
                    {
                        throw new BankStatementFormatException($"{location}/Id", "statement Id is empty", id.Line);
                    }

                    statementId = id.Text;
                    if (statements == 1)
                    {
                        firstStatementId = statementId;
                    }

                    return null;
                case "Acct":
                    var account = elements.Read(reader, $"{location}/Acct");
                    if (statements == 1)
                    {
                        firstIban = account.Find("Id", "IBAN")?.Text ?? account.Find("Id", "Othr", "Id")?.Text ?? "";
                    }

                    return null;
                case "Ntry":
                    entryIndex++;
                    var entryLocation = $"{location}/Ntry[{entryIndex}]";
                    var line = CamtElement.LineOf(reader);
                    if (statementId is null)
                    {
                        throw new BankStatementFormatException($"{location}/Id", "missing statement Id (it comes before the entries)", line);
                    }

                    reading = entryLocation;
                    var entry = elements.Read(reader, entryLocation);
                    reading = null;
                    var transactions = Camt053EntryParser.Parse(entry, entryLocation, statementId);
                    foreach (var transaction in transactions)
                    {
                        _ = transaction.Kind switch
                        {
                            TransactionKind.Credit => credits++,
                            TransactionKind.Debit => debits++,
                            _ => reversals++,
                        };
                    }

                    return transactions;
                default:
                    elements.Read(reader, $"{location}/{reader.LocalName}");
                    return null;
            }
        }

        private BankStatementFormatException Fault(string where, string reason) =>
            new(where, reason, CamtElement.LineOf(reader));
    }
}
