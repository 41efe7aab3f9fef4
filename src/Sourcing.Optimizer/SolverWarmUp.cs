using Sourcing.Optimizer.Model;

namespace Sourcing.Optimizer;

/// <summary>
/// Runs the exact solver once before real traffic: loading OR-Tools' native library and JIT-compiling the model
/// code made the first CP-SAT solves of a process take 50-142 ms under a 50 ms deadline. The problem is one whose
/// greedy plan the lower bound cannot prove optimal, so the CP-SAT stage really runs (a problem greedy settles
/// would warm nothing but the greedy code).
/// </summary>
public static class SolverWarmUp
{
    /// <summary>
    /// Two kit parts at X (one dearer than its backorder penalty) and two parts at Y: the best plan backorders the
    /// kit and ships from Y (20,100), while the bound only shows 10,200, so CP-SAT must search to prove it.
    /// </summary>
    internal static SourcingProblem Problem { get; } = new(
        [new ProblemLocation("warm-x"), new ProblemLocation("warm-y")],
        new Dictionary<StockKey, int> { [new("a", 0)] = 1, [new("b", 0)] = 1, [new("c", 1)] = 1, [new("d", 1)] = 1 },
        [new ProblemOrder("warm-up", [
            new ProblemLine("a", 1, [new Candidate(0, 0)], GroupId: "kit"),
            new ProblemLine("b", 1, [new Candidate(0, 30_000)], GroupId: "kit"),
            new ProblemLine("c", 1, [new Candidate(1, 0)]),
            new ProblemLine("d", 1, [new Candidate(1, 0)])], [100, 100], new OrderPolicy(BackorderPenaltyPerUnit: 10_000))]);

    /// <summary>Solves the warm-up problem <paramref name="rounds"/> times; the last plan says how it was solved.</summary>
    public static SourcingPlan Run(int rounds = 3)
    {
        SourcingPlan? plan = null;
        for (var i = 0; i < Math.Max(1, rounds); i++)
        {
            plan = SourcingOptimizer.Solve(Problem, new SolveOptions { Deadline = TimeSpan.FromSeconds(2) });
        }

        return plan!;
    }

    /// <summary>Whether <paramref name="plan"/> came out of a CP-SAT search (not the greedy plan or a bound alone).</summary>
    public static bool SearchedWithCpSat(SourcingPlan plan) => plan.Method == "cp-sat" && plan.Statistics is { SearchLimit.Ticks: > 0 };
}
