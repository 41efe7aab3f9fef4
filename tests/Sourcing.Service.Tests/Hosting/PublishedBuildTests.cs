using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Health.V1;
using Google.Protobuf;
using Grpc.Net.Client;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.Testing;
using Sourcing.V1;
using Xunit.Abstractions;

namespace Sourcing.Service.Tests.Hosting;

/// <summary>
/// The service as operators run it: `dotnet publish` output started as a process outside the repository, with the
/// address given the ASP.NET Core way. Publishing reuses this run's build (--no-build), so it adds seconds, not minutes.
/// </summary>
public sealed class PublishedBuildTests : IClassFixture<PublishedBuildTests.PublishedBuild>
{
    private readonly PublishedBuild _build;
    private readonly ITestOutputHelper _output;

    public PublishedBuildTests(PublishedBuild build, ITestOutputHelper output)
    {
        _build = build;
        _output = output;
    }

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

    /// <summary>
    /// 10 connections that advertise a zero receive window each start 100 ListLocations calls for a full page (about
    /// 0.5 MB) and never read. Kestrel admits 100 streams per connection, and of those the caller may have 64 in flight;
    /// the rest are refused at once. The service's memory stays within a bound and another caller is still answered.
    /// </summary>
    [Fact]
    public async Task ListLocations_ClientsThatNeverRead_MemoryBoundedAndOthersServed()
    {
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        var environment = ProductionSettings();
        environment["Storage__Mode"] = "InMemory";
        environment["Demo__Seed"] = "false";
        environment["ASPNETCORE_URLS"] = url;
        using var service = _build.Start(environment, []);
        using var channel = GrpcChannel.ForAddress(url);
        var admin = TestTokens.For("ops", ["operations-admin"]);
        var locations = new LocationService.LocationServiceClient(channel);
        await WaitForAnswerAsync(() => new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest()).ResponseAsync, service);
        await Parallel.ForEachAsync(Enumerable.Range(0, 1000), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            await locations.UpsertLocationAsync(new UpsertLocationRequest { Location = FloodLocation(i) }, TestTokens.Bearer(admin)));
        var before = ResidentMegabytes(service);

        var stalled = Enumerable.Range(0, 10).Select(_ => new StalledHttp2Client(port)).ToList();
        try
        {
            var fullPage = new ListLocationsRequest { PageSize = 1000 }.ToByteArray();
            foreach (var client in stalled)
            {
                for (var call = 0; call < 100; call++)
                {
                    client.StartCall("/sourcing.v1.LocationService/ListLocations", $"127.0.0.1:{port}", admin, fullPage);
                }
            }

            await Task.Delay(TimeSpan.FromSeconds(3));
            var during = ResidentMegabytes(service);
            var someoneElse = TestTokens.For("another-client", ["channel"], ["web"]);
            var answered = System.Diagnostics.Stopwatch.StartNew();
            // Answered, not fast: on this 2-core machine the other caller waited 14-18 s alone and over 30 s while the
            // rest of the suite ran, until the flood's calls timed out of their slots.
            var other = await locations.ListLocationsAsync(new ListLocationsRequest { PageSize = 10 }, TestTokens.Bearer(someoneElse), DateTime.UtcNow.AddSeconds(90));

            _output.WriteLine($"Resident memory {before} MB before the flood, {during} MB during it; the other caller was answered in {answered.ElapsedMilliseconds} ms.");
            Assert.Equal(10, other.Locations.Count);
            Assert.True(during - before < MaxGrowthMegabytes, $"resident memory grew by {during - before} MB under the flood (bound {MaxGrowthMegabytes} MB)");
        }
        finally
        {
            stalled.ForEach(client => client.Dispose());
        }
    }

    /// <summary>What the flood may add to the service's resident memory: 64 held answers of about 0.5 MB, and slack.</summary>
    private const long MaxGrowthMegabytes = 200;

    /// <summary>A location of about 0.5 KB: its channels and 30 holidays make a full page of 1,000 about 0.5 MB.</summary>
    private static Location FloodLocation(int i)
    {
        var location = TestLocations.Warehouse($"FLOOD-{i:0000}");
        location.Name = $"Flood test location {i}";
        location.Channels.AddRange(["marketplace", "store", "callcenter"]);
        location.Holidays.AddRange(Enumerable.Range(0, 30).Select(d => new DateOnly(2027, 1, 1).AddDays(d * 7).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        return location;
    }

    private static long ResidentMegabytes(RunningService service)
    {
        var line = File.ReadLines($"/proc/{service.Process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
    }

    /// <summary>
    /// Mutual TLS as operators set it up: Kestrel serves HTTPS from PEM files, one machine client is pinned by its
    /// certificate's thumbprint with a role. That client acts with its role and is named in the audit log; an unknown
    /// certificate, or none, is UNAUTHENTICATED.
    /// </summary>
    [Fact]
    public async Task Call_OverTlsWithPinnedClientCertificate_ActsWithItsRoleAndOthersAreRefused()
    {
        var folder = Directory.CreateTempSubdirectory("sourcing-tls-").FullName;
        using var server = TestCertificates.Server();
        using var pinned = TestCertificates.Client("wms-frankfurt");
        using var stranger = TestCertificates.Client("stranger");
        File.WriteAllText(Path.Combine(folder, "server.pem"), server.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "server.key"), System.Security.Cryptography.X509Certificates.RSACertificateExtensions.GetRSAPrivateKey(server)!.ExportPkcs8PrivateKeyPem());
        var port = FreePort();
        var url = $"https://127.0.0.1:{port}";
        using var service = _build.Start(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Storage__Mode"] = "InMemory",
            ["Demo__Seed"] = "false",
            ["Kestrel__Endpoints__Tls__Url"] = url,
            ["Kestrel__Endpoints__Tls__Certificate__Path"] = Path.Combine(folder, "server.pem"),
            ["Kestrel__Endpoints__Tls__Certificate__KeyPath"] = Path.Combine(folder, "server.key"),
            ["Security__ClientCertificates__0__Thumbprint"] = pinned.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256),
            ["Security__ClientCertificates__0__Subject"] = "wms-frankfurt",
            ["Security__ClientCertificates__0__Roles__0"] = "operations-admin",
        }, []);

        using var asPinned = TestCertificates.Channel(url, server, pinned);
        using var asStranger = TestCertificates.Channel(url, server, stranger);
        using var anonymous = TestCertificates.Channel(url, server, clientCertificate: null);
        var location = TestLocations.Warehouse("WH-TLS");
        await WaitForAnswerAsync(() => new LocationService.LocationServiceClient(asPinned).UpsertLocationAsync(new UpsertLocationRequest { Location = location }).ResponseAsync, service);
        var audit = await new AuditService.AuditServiceClient(asPinned).ListAuditEntriesAsync(new ListAuditEntriesRequest());
        var strangerCall = await Assert.ThrowsAsync<RpcException>(() => new LocationService.LocationServiceClient(asStranger).ListLocationsAsync(new ListLocationsRequest()).ResponseAsync);
        var anonymousCall = await Assert.ThrowsAsync<RpcException>(() => new LocationService.LocationServiceClient(anonymous).ListLocationsAsync(new ListLocationsRequest()).ResponseAsync);

        Assert.Equal(("wms-frankfurt", "OK"), (audit.Entries[0].Subject, audit.Entries[0].Outcome));
        Assert.Equal(StatusCode.Unauthenticated, strangerCall.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, anonymousCall.StatusCode);
        Directory.Delete(folder, recursive: true);
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
