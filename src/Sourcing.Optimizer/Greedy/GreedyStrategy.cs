namespace Sourcing.Optimizer.Greedy;

/// <summary>How the greedy engine ranks locations; one engine, so every strategy obeys the same constraints.</summary>
public enum GreedyStrategy
{
    /// <summary>Ours: lowest cost per unit including a new shipment's cost, best single location tried too, backorder when cheaper.</summary>
    CostAware,

    /// <summary>
    /// Magento MSI's default source selection: locations in the merchant's priority order (<see cref="Model.ProblemLocation.Priority"/>,
    /// lower first, ties by index), each line taking as much as it can from the first, then the next.
    /// </summary>
    Priority,

    /// <summary>Cheapest unit cost first, line by line, blind to shipment cost.</summary>
    Nearest,

    /// <summary>The first location (by priority) that can ship the whole order, else <see cref="Priority"/>.</summary>
    SingleLocationFirst,
}
