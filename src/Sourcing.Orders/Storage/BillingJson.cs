using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sourcing.Orders.Storage;

/// <summary>
/// The one way billing data (documents, buyer parties) is written and read in every store, and how the in-memory store
/// copies what it hands out: enums by name, so a reordered enum never corrupts an issued document.
/// </summary>
public static class BillingJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"The stored {typeof(T).Name} is empty.");

    /// <summary>A deep copy sharing no object with <paramref name="value"/> (read-only properties are recomputed, not copied).</summary>
    public static T Copy<T>(T value) =>
        JsonSerializer.Deserialize<T>(JsonSerializer.SerializeToUtf8Bytes(value, Options), Options)
        ?? throw new JsonException($"A {typeof(T).Name} copied as empty.");

    /// <summary>The printed number: series, year and the six-digit sequence, e.g. RE-2026-000042.</summary>
    public static string FormatNumber(string series, int year, long sequence) =>
        FormattableString.Invariant($"{series}-{year}-{sequence:D6}");

    /// <summary>Whether a payment counts more allocations than it holds (in its own direction: a refund is negative).</summary>
    public static bool IsOverAllocated(long amountMinor, long allocatedMinor) =>
        amountMinor >= 0 ? allocatedMinor > amountMinor : allocatedMinor < amountMinor;
}
