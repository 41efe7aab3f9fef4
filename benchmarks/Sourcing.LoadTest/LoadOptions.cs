using System.Globalization;
using Sourcing.LoadTest.Scenarios;

namespace Sourcing.LoadTest;

/// <summary>The command line, checked before anything runs.</summary>
internal sealed record LoadOptions
{
    public const string Usage = """
        Sourcing load test: real gRPC traffic against a running service.

          --target URL          the service (default http://127.0.0.1:5080)
          --scenario NAME       sourceorder (default) | mixed | grpc-noop | redis-noop
          --rate R[,R2,...]     open loop: R calls/s started on schedule; several rates run one after the other
          --callers N           closed loop: N callers, each calling again when answered (instead of --rate)
          --duration 60s        measured phase of each run (s, m or ms)
          --warmup 10s          before it, same traffic, left out of the table
          --seed                first upsert the German network and stock (see --skus)
          --skus N              SKUs to seed and order (default 500)
          --mix source=40,...   weights of the mixed scenario (source, commit, release, promise, availability,
                                create, cancel); default source=40,commit=15,release=5,promise=15,availability=15,
                                create=8,cancel=2
          --report DIR          PNGs, an HTML page, per-second CSV/JSON (one subfolder per rate when several)
          --redis HOST:PORT     the Redis of redis-noop (a StackExchange.Redis configuration string)
          --connections N       gRPC channels (default 4; each opens more HTTP/2 connections when full)
          --timeout 5s          deadline of each call
          --max-inflight N      open loop: calls open at once before the schedule counts a slot as not started
                                (default 20000)
          --token JWT           bearer token for every call, or mint one:
          --jwt-key BASE64      HS256 secret of the service (Security:Jwt:SigningKeys:0), with
          --jwt-issuer ISS --jwt-audience AUD
        """;

    public Uri Target { get; init; } = new("http://127.0.0.1:5080");

    public string Scenario { get; init; } = "sourceorder";

    public IReadOnlyList<double> Rates { get; init; } = [];

    public int Callers { get; init; }

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(10);

    public bool Seed { get; init; }

    public int Skus { get; init; } = 500;

    public MixWeights Mix { get; init; } = MixWeights.Default;

    public string? ReportFolder { get; init; }

    public string? Redis { get; init; }

    public int Connections { get; init; } = 4;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    public int MaxInFlight { get; init; } = 20_000;

    public string? Token { get; init; }

    public string? JwtKey { get; init; }

    public string JwtIssuer { get; init; } = "";

    public string JwtAudience { get; init; } = "";

    public static LoadOptions Parse(string[] args)
    {
        var options = new LoadOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value");
            options = name switch
            {
                "--target" => options with { Target = Uri.TryCreate(Value(), UriKind.Absolute, out var uri) ? uri : throw new ArgumentException("--target must be an absolute URL such as http://127.0.0.1:5080") },
                "--scenario" => options with { Scenario = Value() is var s && s is "sourceorder" or "mixed" or "grpc-noop" or "redis-noop" ? s : throw new ArgumentException($"--scenario: '{s}' is not sourceorder, mixed, grpc-noop or redis-noop") },
                "--rate" => options with { Rates = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(r => PositiveNumber("--rate", r)).ToList() },
                "--callers" => options with { Callers = (int)PositiveNumber("--callers", Value()) },
                "--duration" => options with { Duration = Span("--duration", Value()) },
                "--warmup" => options with { Warmup = Span("--warmup", Value(), allowZero: true) },
                "--seed" => options with { Seed = true },
                "--skus" => options with { Skus = (int)PositiveNumber("--skus", Value()) },
                "--mix" => options with { Mix = MixWeights.Parse(Value()) },
                "--report" => options with { ReportFolder = Value() },
                "--redis" => options with { Redis = Value() },
                "--connections" => options with { Connections = (int)PositiveNumber("--connections", Value()) },
                "--timeout" => options with { Timeout = Span("--timeout", Value()) },
                "--max-inflight" => options with { MaxInFlight = (int)PositiveNumber("--max-inflight", Value()) },
                "--token" => options with { Token = Value() },
                "--jwt-key" => options with { JwtKey = Value() },
                "--jwt-issuer" => options with { JwtIssuer = Value() },
                "--jwt-audience" => options with { JwtAudience = Value() },
                _ => throw new ArgumentException($"unknown option '{name}'"),
            };
        }

        if (options.Rates.Count > 0 == options.Callers > 0)
        {
            throw new ArgumentException("give either --rate (open loop) or --callers (closed loop)");
        }

        if (options.Scenario == "redis-noop" && options.Redis is null)
        {
            throw new ArgumentException("--scenario redis-noop needs --redis HOST:PORT");
        }

        return options;
    }

    private static double PositiveNumber(string name, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && double.IsFinite(value)
            ? value
            : throw new ArgumentException($"{name}: '{text}' is not a number above 0");

    /// <summary>"60s", "2m", "500ms" or a bare number of seconds.</summary>
    internal static TimeSpan Span(string name, string text, bool allowZero = false)
    {
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : (text, 1.0);
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value < 0 || (value == 0 && !allowZero))
        {
            throw new ArgumentException($"{name}: '{text}' is not a duration such as 60s, 2m or 500ms");
        }

        return TimeSpan.FromSeconds(value * unit);
    }
}
