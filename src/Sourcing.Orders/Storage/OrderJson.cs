using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sourcing.Orders.Storage;

/// <summary>The one way an order document is written and read, in every store: enums by name, so a reordered enum never corrupts a stored order.</summary>
public static class OrderJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Serialize(OrderDocument document) => JsonSerializer.Serialize(document, Options);

    public static OrderDocument Deserialize(string json) =>
        JsonSerializer.Deserialize<OrderDocument>(json, Options) ?? throw new JsonException("The stored order is empty.");
}
