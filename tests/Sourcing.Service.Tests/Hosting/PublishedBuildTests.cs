using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.Testing;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Hosting;

/// <summary>
/// The service as operators run it: `dotnet publish` output started as a process outside the repository, with the
/// address given the ASP.NET Core way. Publishing reuses this run's build (--no-build), so it adds seconds, not minutes.
/// </summary>
public sealed class PublishedBuildTests : IClassFixture<PublishedBuildTests.PublishedBuild>
{
    private readonly PublishedBuild _build;

    public PublishedBuildTests(PublishedBuild build) => _build = build;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Start_ProductionInMemoryOnGivenPort_ServesWithShippedRules(bool portFromCommandLine)
    {
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        var environment = ProductionSettings();
        environment["Storage__Mode"] = "InMemory";
        if (!portFromCommandLine)
        {
            environment["ASPNETCORE_URLS"] = url;
        }

        using var service = _build.Start(environment, portFromCommandLine ? ["--urls", url] : []);
        using var channel = GrpcChannel.ForAddress(url);

        var health = await WaitForAnswerAsync(() => new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest()).ResponseAsync, service);
        var rules = await new RulesService.RulesServiceClient(channel).ListRulesAsync(new ListRulesRequest(),
            TestTokens.Bearer(TestTokens.For("merchandiser", ["merchandiser"])));

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        Assert.NotEmpty(rules.Rules);
    }

    [Fact]
    public void Start_ProductionWithoutStorageMode_ExitsNonZeroNamingTheSetting()
    {
        var environment = ProductionSettings();
        environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePort()}";
        using var service = _build.Start(environment, []);

        Assert.True(service.Process.WaitForExit(30_000), "the service kept running without a storage mode");
        Assert.NotEqual(0, service.Process.ExitCode);
        Assert.Contains("Storage:Mode", service.Process.StandardError.ReadToEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public void Start_ProductionWithoutTokenValidation_ExitsNonZeroNamingTheSetting()
    {
        var environment = ProductionSettings();
        environment.Remove("Security__Jwt__Issuer");
        environment["Storage__Mode"] = "InMemory";
        environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePort()}";
        using var service = _build.Start(environment, []);

        Assert.True(service.Process.WaitForExit(30_000), "the service kept running without token validation");
        Assert.NotEqual(0, service.Process.ExitCode);
        Assert.Contains("Security:Jwt", service.Process.StandardError.ReadToEnd(), StringComparison.Ordinal);
    }

    /// <summary>Production with token validation and plain text allowed knowingly (loopback only).</summary>
    private static Dictionary<string, string> ProductionSettings() => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Security__Jwt__Issuer"] = TestTokens.Issuer,
        ["Security__Jwt__Audience"] = TestTokens.Audience,
        ["Security__Jwt__SigningKeys__0"] = TestTokens.TrustedKey,
        ["Security__AllowPlaintext"] = "true",
    };

    private static async Task<T> WaitForAnswerAsync<T>(Func<Task<T>> call, RunningService service)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                return await call();
            }
            catch (RpcException) when (DateTime.UtcNow < deadline && !service.Process.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Publishes the service once for the class into a temporary folder.</summary>
    public sealed class PublishedBuild : IDisposable
    {
#if DEBUG
        private const string Configuration = "Debug";
#else
        private const string Configuration = "Release";
#endif

        private readonly string _folder = Path.Combine(Path.GetTempPath(), "sourcing-published-" + Guid.NewGuid().ToString("N")[..8]);

        public PublishedBuild()
        {
            var project = Path.Combine(RepositoryPaths.Root, "src", "Sourcing.Service", "Sourcing.Service.csproj");
            var publish = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "publish", project, "-c", Configuration, "--no-build", "-o", _folder })
            {
                publish.ArgumentList.Add(argument);
            }

            using var process = Process.Start(publish)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(180_000) || process.ExitCode != 0)
            {
                throw new InvalidOperationException($"dotnet publish failed: {output.Result} {errors.Result}");
            }
        }

        /// <summary>Starts the published service from a working folder outside the repository.</summary>
        public RunningService Start(IDictionary<string, string> environment, IReadOnlyList<string> arguments)
        {
            var start = new ProcessStartInfo(Path.Combine(_folder, "Sourcing.Service"))
            {
                WorkingDirectory = Path.GetTempPath(),
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            foreach (var (key, value) in environment)
            {
                start.Environment[key] = value;
            }

            var process = Process.Start(start)!;
            process.OutputDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            return new RunningService(process);
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // A temporary folder left behind is harmless.
            }
        }
    }

    /// <summary>A started service process, killed on dispose so no test leaves one running.</summary>
    public sealed class RunningService(Process process) : IDisposable
    {
        public Process Process { get; } = process;

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
                Process.WaitForExit(5_000);
            }

            Process.Dispose();
        }
    }
}
