using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Sourcing.Orders;
using Sourcing.Service.Errors;

namespace Sourcing.Service.Orders;

/// <summary>
/// ListOrders' page token: where the previous page ended (creation time and order id), base64url-encoded. Opaque to
/// callers; a token that does not decode is INVALID_ARGUMENT, never a fault.
/// </summary>
internal static class OrderPageTokens
{
    public static string Write(OrderPageToken? next) =>
        next is null
            ? ""
            : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(next.CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture) + "|" + next.OrderId));

    public static OrderPageToken? Read(ProblemList problems, string field, string token)
    {
        if (token.Length == 0)
        {
            return null;
        }

        try
        {
            if (token.Length <= OrderRequestReader.MaxPageTokenLength)
            {
                var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
                var separator = text.IndexOf('|', StringComparison.Ordinal);
                var orderId = separator > 0 ? text[(separator + 1)..] : "";
                if (separator > 0 && long.TryParse(text.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) &&
                    ticks <= DateTimeOffset.MaxValue.UtcTicks && IsOrderId(orderId))
                {
                    return new OrderPageToken(new DateTimeOffset(ticks, TimeSpan.Zero), orderId);
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

    // Anyone can base64-encode an id of their own: one no order can have (a NUL, which PostgreSQL refuses in text, or
    // any other control character, or too long) is refused here rather than sent into a query.
    private static bool IsOrderId(string value) =>
        value.Length is > 0 and <= OrderRequestReader.MaxOrderIdLength && !value.Any(char.IsControl);
}
