namespace Sourcing.Orders.Tests.Recovery;

/// <summary>Thrown where a killed process would stop: nothing after it runs.</summary>
public sealed class SimulatedCrash(OrderStep step, int occurrence) : OrderOperationStoppedException($"Simulated crash at {step} (occurrence {occurrence}).");

/// <summary>
/// Crashes the operation the <paramref name="occurrence"/>-th time it reaches <paramref name="step"/>, once; every
/// step reached is recorded, so a test can tell the crash happened where it meant.
/// </summary>
public sealed class CrashAt(OrderStep step, int occurrence = 1) : IOrderFaults
{
    private int _seen;

    public bool Crashed { get; private set; }

    public List<OrderStep> Reached { get; } = [];

    public void At(OrderStep reached)
    {
        Reached.Add(reached);
        if (Crashed || reached != step || ++_seen != occurrence)
        {
            return;
        }

        Crashed = true;
        throw new SimulatedCrash(step, occurrence);
    }
}

/// <summary>Records the steps an operation passes through, without crashing.</summary>
public sealed class StepRecorder : IOrderFaults
{
    public List<OrderStep> Reached { get; } = [];

    public void At(OrderStep step) => Reached.Add(step);
}
