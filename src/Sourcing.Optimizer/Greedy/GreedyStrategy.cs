namespace Sourcing.Optimizer.Greedy;

/// <summary>How the greedy engine ranks locations; one engine, so every strategy obeys the same constraints.</summary>
public enum GreedyStrategy
{
    /// <summary>Ours: lowest cost per unit including a new shipment's cost, best single location tried too, backorder when cheaper.</summary>
    CostAware,

    /// <summary>Locations in fixed priority order, each line from the first with stock (Magento MSI's default source selection).</summary>
    Priority,

    /// <summary>Cheapest unit cost first, line by line, blind to shipment cost.</summary>
    Nearest,

    /// <summary>The first location (by priority) that can ship the whole order, else <see cref="Priority"/>.</summary>
    SingleLocationFirst,
}
