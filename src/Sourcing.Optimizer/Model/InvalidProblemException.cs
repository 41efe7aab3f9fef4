namespace Sourcing.Optimizer.Model;

/// <summary>
/// The problem cannot be solved as given. <see cref="Field"/> names the offending part the way the problem's own
/// properties do (e.g. <c>Orders[0].Lines[2].Candidates[1].UnitCost</c>) and <see cref="Value"/> is what it held, so a
/// caller can map it to a field violation. Derives from <see cref="ArgumentException"/>: the argument is at fault.
/// </summary>
public sealed class InvalidProblemException(string field, string value, string reason)
    : ArgumentException($"Invalid sourcing problem: {field} = {value}: {reason}")
{
    public string Field { get; } = field;

    public string Value { get; } = value;

    public string Reason { get; } = reason;
}
