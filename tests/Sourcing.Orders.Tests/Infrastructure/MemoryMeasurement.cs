namespace Sourcing.Orders.Tests.Infrastructure;

/// <summary>
/// Tests that measure the process's heap run alone: xunit runs other classes in parallel, and their allocations would
/// land in the same GC.GetTotalMemory figure.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurement
{
    public const string Name = "memory measurement";
}
