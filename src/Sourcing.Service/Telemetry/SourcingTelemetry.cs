using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Sourcing.Optimizer.Model;
using Sourcing.Service.Sourcing;

namespace Sourcing.Service.Telemetry;

/// <summary>
/// The service's own spans and instruments, all under the name <see cref="Name"/>. They cost next to nothing while no
/// provider listens (telemetry off): <see cref="ActivitySource.StartActivity(string, ActivityKind)"/> returns null and
/// instruments drop their measurements.
/// </summary>
public static class SourcingTelemetry
{
    /// <summary>The name of the activity source and of the meter, which a tracer or meter provider subscribes to.</summary>
    public const string Name = "Sourcing";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>Span and metric attribute names, in the OpenTelemetry style (lower case, dotted).</summary>
    public static class Tags
    {
        public const string OrderId = "sourcing.order_id";
        public const string RequestId = "sourcing.request_id";
        public const string RulesVersion = "sourcing.rules_version";
        public const string SolverStatus = "sourcing.solver.status";
        public const string SolverMethod = "sourcing.solver.method";
        public const string SolverWallTimeMs = "sourcing.solver.wall_time_ms";
        public const string SolverLines = "sourcing.solver.lines";
        public const string SolverLocations = "sourcing.solver.locations";
        public const string SolverSize = "sourcing.solver.lines_x_locations";
        public const string SkuCount = "sourcing.stock.skus";
        public const string ReservationOutcome = "sourcing.reservation.outcome";
        public const string Follower = "sourcing.follower";
        public const string RpcMethod = "rpc.method";
        public const string RpcStatusCode = "rpc.grpc.status_code";
    }

    /// <summary>Span names, one per step of a decision.</summary>
    public static class Spans
    {
        public const string Rules = "sourcing.rules";
        public const string Solve = "sourcing.optimize";
        public const string StockRead = "sourcing.stock.read";
        public const string Reserve = "sourcing.stock.reserve";
        public const string Commit = "sourcing.stock.commit";
        public const string Release = "sourcing.stock.release";
    }

    /// <summary>Outcomes of a reservation attempt, the values of <see cref="Tags.ReservationOutcome"/>.</summary>
    public static class ReservationOutcomes
    {
        public const string Held = "held";
        public const string Short = "short";
        public const string Conflict = "conflict";
        public const string Unavailable = "unavailable";
        public const string Failed = "failed";
    }

    /// <summary>Every gRPC call, by method and final status code (seconds, as OpenTelemetry's semantic conventions ask).</summary>
    public static readonly Histogram<double> RpcDuration = Meter.CreateHistogram(
        "sourcing.rpc.duration", unit: "s", description: "Duration of gRPC calls handled, by method and status code.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    public static readonly Counter<long> SolverOutcomes = Meter.CreateCounter<long>(
        "sourcing.solver.outcomes", unit: "{solve}", description: "Optimizer runs by outcome (optimal, feasible, fallback, infeasible, no-plan, no-candidates).");

    public static readonly Counter<long> ReservationAttempts = Meter.CreateCounter<long>(
        "sourcing.reservation.outcomes", unit: "{reservation}", description: "Reservation attempts by outcome (held, short, conflict, unavailable, failed).");

    // Written by the services that measure them, read when a reader collects: the gauges' callbacks must not do I/O.
    private static readonly ConcurrentDictionary<string, double> FollowerLagSeconds = new(StringComparer.Ordinal);
    private static long _lastSweepTicks;

    public static readonly ObservableGauge<double> OutboxLag = Meter.CreateObservableGauge(
        "sourcing.outbox.lag", ObserveOutboxLag, unit: "s",
        description: "Age of the oldest event a feed follower (billing, relays) has not yet processed; 0 when caught up.");

    public static readonly ObservableGauge<double> SweeperLag = Meter.CreateObservableGauge(
        "sourcing.sweeper.lag", ObserveSweeperLag, unit: "s",
        description: "Time since the reservation sweeper last finished a sweep; grows past the sweep interval when it stalls or fails.");

    /// <summary>The solver status as a span attribute and metric tag: short, stable, lower case.</summary>
    public static string StatusName(SolveStatus status, string method) =>
        method == SourcingPipeline.NoCandidatesMethod ? "no-candidates" : status switch
        {
            SolveStatus.Optimal => "optimal",
            SolveStatus.Feasible => "feasible",
            SolveStatus.HeuristicFallback => "fallback",
            SolveStatus.Infeasible => "infeasible",
            SolveStatus.NoPlanFound => "no-plan",
            _ => "unknown",
        };

    /// <summary>Records how far a feed follower is behind; called by the sampler, observed by <see cref="OutboxLag"/>.</summary>
    public static void RecordFollowerLag(string follower, TimeSpan lag) => FollowerLagSeconds[follower] = Math.Max(0, lag.TotalSeconds);

    /// <summary>Marks the end of a sweep; <see cref="SweeperLag"/> reports the time since.</summary>
    public static void SweepCompleted(DateTimeOffset at) => Interlocked.Exchange(ref _lastSweepTicks, at.UtcTicks);

    /// <summary>Sets tags on the current span only when it is being recorded: tagging nothing costs nothing.</summary>
    public static void TagCurrent(string key, object? value)
    {
        if (Activity.Current is { IsAllDataRequested: true } current)
        {
            current.SetTag(key, value);
        }
    }

    private static IEnumerable<Measurement<double>> ObserveOutboxLag() =>
        FollowerLagSeconds.Select(pair => new Measurement<double>(pair.Value, new KeyValuePair<string, object?>(Tags.Follower, pair.Key))).ToList();

    private static IEnumerable<Measurement<double>> ObserveSweeperLag()
    {
        var ticks = Interlocked.Read(ref _lastSweepTicks);
        return ticks == 0 ? [] : [new Measurement<double>(Math.Max(0, (DateTimeOffset.UtcNow.UtcTicks - ticks) / (double)TimeSpan.TicksPerSecond))];
    }
}
