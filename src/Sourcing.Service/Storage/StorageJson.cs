using System.Text.Json.Serialization;
using Sourcing.Service.Locations;

namespace Sourcing.Service.Storage;

/// <summary>Source-generated JSON for what the stores keep as documents: no reflection at run time, stable names.</summary>
[JsonSourceGenerationOptions(UseStringEnumConverter = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(Location))]
internal sealed partial class StorageJson : JsonSerializerContext;
