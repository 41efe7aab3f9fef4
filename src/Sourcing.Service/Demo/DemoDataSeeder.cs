using Microsoft.Extensions.Options;
using Sourcing.Service.Inventory;
using Sourcing.Service.Locations;

namespace Sourcing.Service.Demo;

public sealed class DemoDataOptions
{
    public const string Section = "Demo";

    /// <summary>Load <see cref="DemoNetwork"/> at start. Unset: on for the in-memory store, off for Redis.</summary>
    public bool? Seed { get; set; }
}

/// <summary>Loads the demo network and stock at start-up when <see cref="DemoDataOptions.Seed"/> is on.</summary>
public sealed partial class DemoDataSeeder(LocationCatalog catalog, IStockStore stock, TimeProvider clock, IOptions<DemoDataOptions> options, ILogger<DemoDataSeeder> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Seed != true)
        {
            return;
        }

        foreach (var location in DemoNetwork.Locations)
        {
            await catalog.UpsertAsync(location, cancellationToken);
        }

        var rows = DemoNetwork.Stock();
        await stock.ImportAsync(rows, clock.GetUtcNow(), cancellationToken);
        LogSeeded(logger, DemoNetwork.Locations.Count, DemoNetwork.Skus.Count, rows.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data loaded: {Locations} locations, {Skus} SKUs, {Rows} stock rows")]
    private static partial void LogSeeded(ILogger logger, int locations, int skus, int rows);
}
