namespace Sourcing.Orders;

/// <summary>The points between two writes of an order operation where a crash leaves work for the reconciler.</summary>
public enum OrderStep
{
    /// <summary>The order and its sourcing intent are stored; no hold is taken yet.</summary>
    IntentSaved = 1,

    /// <summary>One hold of the attempt is taken (more may follow); the outcome is not recorded.</summary>
    HoldTaken = 2,

    /// <summary>A short attempt's holds are released; the attempt is not yet recorded as abandoned.</summary>
    HoldsReleased = 3,

    /// <summary>An outcome (allocation, abandonment, confirmed stock change) is stored.</summary>
    OutcomeSaved = 4,

    /// <summary>A change and its stock intent (release, commit, re-hold) are stored; the inventory has not been told.</summary>
    ChangeSaved = 5,

    /// <summary>The inventory carried out a stock change; the order does not record it yet.</summary>
    StockActionDone = 6,
}

/// <summary>
/// A hook called at each <see cref="OrderStep"/>. Production does nothing; tests throw to stop an operation there,
/// as a killed process would, and show that the reconciler brings every order back in line with its holds.
/// </summary>
public interface IOrderFaults
{
    void At(OrderStep step);
}

/// <summary>
/// The base of what an <see cref="IOrderFaults"/> hook throws to stop an operation where a killed process would stop.
/// Background work that carries on past an order whose work fails never catches it: nothing runs after a kill.
/// </summary>
public abstract class OrderOperationStoppedException(string message) : Exception(message);

public sealed class NoOrderFaults : IOrderFaults
{
    public static readonly NoOrderFaults Instance = new();

    public void At(OrderStep step)
    {
    }
}
