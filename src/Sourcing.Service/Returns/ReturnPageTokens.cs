using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Sourcing.Orders.Returns;
using Sourcing.Service.Errors;

namespace Sourcing.Service.Returns;

/// <summary>
/// ListReturns' page token: where the previous page ended (creation time and return id), base64url-encoded. Opaque to
/// callers; a token that does not decode is INVALID_ARGUMENT, never a fault.
/// </summary>
internal static class ReturnPageTokens
{
    private const int MaxTokenLength = 256;

    public static string Write(ReturnPageToken? next) =>
        next is null
            ? ""
            : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(next.CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture) + "|" + next.ReturnId));

    public static ReturnPageToken? Read(ProblemList problems, string field, string token)
    {
        if (token.Length == 0)
        {
            return null;
        }

        try
        {
            if (token.Length <= MaxTokenLength)
            {
                var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
                var separator = text.IndexOf('|', StringComparison.Ordinal);
                var returnId = separator > 0 ? text[(separator + 1)..] : "";
                // An id no return can have (control characters, too long) is refused here rather than sent into a query.
                if (separator > 0 && long.TryParse(text.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) &&
                    ticks <= DateTimeOffset.MaxValue.UtcTicks && returnId.Length is > 0 and <= ReturnRequestReader.MaxRefLength && !returnId.Any(char.IsControl))
                {
                    return new ReturnPageToken(new DateTimeOffset(ticks, TimeSpan.Zero), returnId);
                }
            }
        }
        catch (FormatException)
        {
            // Reported below like any other token that is not one of ours.
        }

        problems.Add(field, "is not a page token of this service: pass next_page_token of the previous page unchanged");
        return null;
    }
}
