using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Sourcing.Orders.Customers.Overview;

/// <summary>
/// A place in the timeline's order — newest first (<see cref="At"/> descending), then <see cref="Source"/>, then
/// <see cref="Subject"/> descending, then <see cref="Sequence"/> descending — so a page token names the last entry
/// shown and the next page is everything strictly after it, whatever was added at the top in between.
/// </summary>
internal sealed record TimelineCursor(DateTimeOffset At, TimelineSource Source, string Subject, int Sequence) : IComparable<TimelineCursor>
{
    /// <summary>Negative when this one comes first in the timeline (is newer).</summary>
    public int CompareTo(TimelineCursor? other)
    {
        if (other is null)
        {
            return -1;
        }

        var byTime = other.At.UtcTicks.CompareTo(At.UtcTicks);
        if (byTime != 0)
        {
            return byTime;
        }

        var bySource = Source.CompareTo(other.Source);
        if (bySource != 0)
        {
            return bySource;
        }

        var bySubject = string.CompareOrdinal(other.Subject, Subject);
        return bySubject != 0 ? Math.Sign(bySubject) : other.Sequence.CompareTo(Sequence);
    }

    /// <summary>Base64url of "ticks|source|subject|sequence": opaque to callers, stable across deployments.</summary>
    public string ToToken() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $"{At.UtcTicks}|{Source}|{Subject}|{Sequence}")));

    /// <summary>The cursor a page token names; <see cref="ArgumentException"/> (page_token) when it is not one of ours.</summary>
    public static TimelineCursor Parse(string token)
    {
        string text;
        try
        {
            text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        }
        catch (FormatException)
        {
            throw Malformed();
        }

        // A subject (an order or customer id) may itself contain '|': it is everything between the second and the last.
        var first = text.IndexOf('|', StringComparison.Ordinal);
        var second = first < 0 ? -1 : text.IndexOf('|', first + 1);
        var last = text.LastIndexOf('|');
        if (first < 0 || second < 0 || last <= second ||
            !long.TryParse(text.AsSpan(0, first), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) ||
            ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks ||
            !Enum.TryParse<TimelineSource>(text.AsSpan(first + 1, second - first - 1), out var source) ||
            !Enum.IsDefined(source) || !char.IsAsciiLetter(text[first + 1]) ||
            !int.TryParse(text.AsSpan(last + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var sequence))
        {
            throw Malformed();
        }

        return new TimelineCursor(new DateTimeOffset(ticks, TimeSpan.Zero), source, text[(second + 1)..last], sequence);
    }

    private static ArgumentException Malformed() =>
        new("The page token is not one this service handed out; start again without one.", "page_token");
}
