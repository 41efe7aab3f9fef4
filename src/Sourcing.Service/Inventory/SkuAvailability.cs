namespace Sourcing.Service.Inventory;

/// <summary>Available units of a SKU summed over the active locations that may sell to one channel.</summary>
public sealed record ChannelAvailability(string Channel, long Available);

public sealed record SkuAvailability(string Sku, IReadOnlyList<StockLevel> Locations, IReadOnlyList<ChannelAvailability> Channels);
