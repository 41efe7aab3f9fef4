using System.Text.Json;
using System.Text.Json.Serialization;
using Sourcing.Orders.Customers;

namespace Sourcing.Orders.Storage;

/// <summary>
/// The one way a customer document is written and read, in every store: enums by name, so a reordered enum never
/// corrupts a stored customer. The in-memory store keeps documents in this form so no caller shares an object with it.
/// </summary>
public static class CustomerJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Serialize(CustomerDocument document) => JsonSerializer.Serialize(document, Options);

    public static CustomerDocument Deserialize(string json) =>
        JsonSerializer.Deserialize<CustomerDocument>(json, Options) ?? throw new JsonException("The stored customer is empty.");
}
