namespace Sourcing.Optimizer.CpSat;

/// <summary>One way units of a line can be sourced: order o, line l, from location, at a unit cost, at most MaxUnits.</summary>
internal readonly record struct Arc(int Order, int Line, int Location, long UnitCost, int MaxUnits);
