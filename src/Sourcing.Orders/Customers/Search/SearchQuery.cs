using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Sourcing.Orders.Customers.Search;

/// <summary>A search request checked field by field; the page token is the offset of the page's first result.</summary>
internal sealed record SearchQuery(string Text, CustomerSearchField Field, int PageSize, int Offset)
{
    /// <summary>How far a search pages: agents narrow the text instead of paging through thousands of look-alikes.</summary>
    public const int MaxOffset = 1_000;

    public static SearchQuery Validate(string text, CustomerSearchField field, int pageSize, string? pageToken)
    {
        text = (text ?? "").Trim();
        if (text.Length is 0 or > CustomerOptions.MaxSearchTextLength)
        {
            throw new ArgumentException($"The search text must be 1 to {CustomerOptions.MaxSearchTextLength} characters ({text.Length} given).", "query");
        }

        if (text.Any(char.IsControl))
        {
            throw new ArgumentException("The search text must not contain control characters.", "query");
        }

        if (!Enum.IsDefined(field))
        {
            throw new ArgumentException($"Unknown search field {(int)field}.", "field");
        }

        var size = pageSize switch
        {
            0 => CustomerSearch.DefaultPageSize,
            >= 1 and <= CustomerSearch.MaxPageSize => pageSize,
            _ => throw new ArgumentException(
                $"A page holds 1 to {CustomerSearch.MaxPageSize} results (0 means {CustomerSearch.DefaultPageSize}); {pageSize} was asked.", "page_size"),
        };

        return new SearchQuery(text, field, size, string.IsNullOrEmpty(pageToken) ? 0 : ParseOffset(pageToken));
    }

    /// <summary>Whether the field is one the customer store's text index answers (Any looks there too).</summary>
    public static bool SearchesText(CustomerSearchField field) =>
        field is CustomerSearchField.Any or CustomerSearchField.Name or CustomerSearchField.Email or CustomerSearchField.Phone or CustomerSearchField.PostalCode;

    public static string Token(int offset) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes("o:" + offset.ToString(CultureInfo.InvariantCulture)));

    private static int ParseOffset(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            if (text.StartsWith("o:", StringComparison.Ordinal) &&
                int.TryParse(text.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var offset) && offset <= MaxOffset)
            {
                return offset;
            }
        }
        catch (FormatException)
        {
            // Not base64url: answered below like any other token we did not hand out.
        }

        throw new ArgumentException("The page token is not one this service handed out; search again without one.", "page_token");
    }
}
