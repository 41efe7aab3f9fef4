using System.Text;
using System.Xml;

namespace Sourcing.Orders.Billing.BankStatements;

/// <summary>
/// One camt element read into memory with its line: used for the small parts of a statement (an account, one entry),
/// never the whole file. Reading refuses text longer than <see cref="MaxTextChars"/>, nesting deeper than
/// <see cref="MaxDepth"/> and more than <see cref="MaxElements"/> elements, so a hostile entry cannot exhaust memory.
/// </summary>
internal sealed class CamtElement
{
    public const int MaxTextChars = 10 * 1024;
    public const int MaxDepth = 16;
    public const int MaxElements = 100_000;

    private static readonly List<CamtElement> NoChildren = [];

    private CamtElement(string name, int line, string? currency)
    {
        Name = name;
        Line = line;
        Currency = currency;
    }

    public string Name { get; }
    public int Line { get; }

    /// <summary>The Ccy attribute (amounts carry their currency in it).</summary>
    public string? Currency { get; }

    public string Text { get; private set; } = "";
    public List<CamtElement> Children { get; private set; } = NoChildren;

    public CamtElement? Child(string name) => Children.Find(c => c.Name == name);

    public IEnumerable<CamtElement> All(string name) => Children.Where(c => c.Name == name);

    /// <summary>The first element down the path of names ("RltdPties", "Dbtr", "Nm"), or null.</summary>
    public CamtElement? Find(params ReadOnlySpan<string> path)
    {
        var current = this;
        foreach (var name in path)
        {
            current = current.Child(name);
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }

    public static int LineOf(XmlReader reader) => reader is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : 0;

    /// <summary>
    /// Reads elements one at a time; one instance per file reuses its buffers, so reading an entry allocates little
    /// more than the entry's own strings.
    /// </summary>
    internal sealed class Reader
    {
        private readonly char[] chunk = new char[1024];
        private readonly StringBuilder text = new();
        private readonly List<string> path = [];
        private string location = "";
        private int elements;

        /// <summary>Reads the element the reader stands on (its faults located under <paramref name="at"/>), leaving the reader after its end tag.</summary>
        public CamtElement Read(XmlReader reader, string at)
        {
            location = at;
            elements = 0;
            path.Clear();
            return ReadElement(reader, 0);
        }

        private CamtElement ReadElement(XmlReader reader, int depth)
        {
            var line = LineOf(reader);
            if (depth > MaxDepth)
            {
                throw Fault($"elements nest deeper than {MaxDepth} levels", line);
            }

            if (++elements > MaxElements)
            {
                throw Fault($"more than {MaxElements} elements in one part", line);
            }

            var element = new CamtElement(reader.LocalName, line, reader.HasAttributes ? reader.GetAttribute("Ccy") : null);
            if (reader.IsEmptyElement)
            {
                reader.Read();
                return element;
            }

            string? value = null;
            reader.Read();
            while (reader.NodeType != XmlNodeType.EndElement)
            {
                switch (reader.NodeType)
                {
                    case XmlNodeType.Element:
                        if (element.Children == NoChildren)
                        {
                            element.Children = [];
                        }

                        path.Add(reader.LocalName);
                        element.Children.Add(ReadElement(reader, depth + 1));
                        path.RemoveAt(path.Count - 1);
                        continue;
                    case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace:
                        value = (value ?? "") + ReadText(reader);
                        if (value.Length > MaxTextChars)
                        {
                            throw Fault($"text longer than {MaxTextChars} characters", LineOf(reader));
                        }

                        break;
                    case XmlNodeType.None:
                        throw Fault("the file ends inside this element", line);
                }

                reader.Read();
            }

            reader.Read();
            element.Text = value?.Trim() ?? "";
            return element;
        }

        // In chunks: a text node of a gigabyte is refused after 10 KB, never held whole.
        private string ReadText(XmlReader reader)
        {
            text.Clear();
            int read;
            while ((read = reader.ReadValueChunk(chunk, 0, chunk.Length)) > 0)
            {
                text.Append(chunk, 0, read);
                if (text.Length > MaxTextChars)
                {
                    throw Fault($"text longer than {MaxTextChars} characters", LineOf(reader));
                }
            }

            return text.ToString();
        }

        private BankStatementFormatException Fault(string reason, int line) =>
            new(path.Count == 0 ? location : $"{location}/{string.Join('/', path)}", reason, line);
    }
}
