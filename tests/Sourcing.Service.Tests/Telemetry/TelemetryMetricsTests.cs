using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Sourcing.Service.Telemetry;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Telemetry;

/// <summary>Metrics with telemetry on: what one SourceOrder records, and the Prometheus scrape endpoint.</summary>
[Collection(RedisCollection.Name)]
public sealed class TelemetryMetricsTests(RedisFixture redis)
{
    private const string SourceOrderMethod = "/sourcing.v1.SourcingService/SourceOrder";

    [Fact]
    public async Task SourceOrder_TelemetryOn_RecordsRpcDurationSolverOutcomeAndReservationOutcome()
    {
        using var telemetry = new TelemetryHost(redis.Server.Endpoint);
        await TestNetwork.AddAsync(telemetry.Host);
        await TestNetwork.Stock(telemetry.Host, "TENT", "WH-FRANKFURT", 1);

        await telemetry.Sourcing.SourceOrderAsync(TestNetwork.Order("otel-metrics-1", TestNetwork.Frankfurt, TestNetwork.Line("1", "TENT", 1)));
        // Nothing left: without backorders the order cannot be sourced, and the caller hears FAILED_PRECONDITION or an
        // unsourced answer; either way its status code is what the histogram records.
        var second = TestNetwork.Order("otel-metrics-2", TestNetwork.Frankfurt, TestNetwork.Line("1", "TENT", 1));
        second.Reserve = true;
        var secondStatus = StatusCode.OK;
        try
        {
            await telemetry.Sourcing.SourceOrderAsync(second);
        }
        catch (RpcException exception)
        {
            secondStatus = exception.StatusCode;
        }

        var rpc = telemetry.Points("sourcing.rpc.duration").Where(p => Equals(TelemetryHost.Tag(p, SourcingTelemetry.Tags.RpcMethod), SourceOrderMethod)).ToList();
        var ok = Assert.Single(rpc, p => Equals(TelemetryHost.Tag(p, SourcingTelemetry.Tags.RpcStatusCode), 0));
        Assert.Equal(secondStatus == StatusCode.OK ? 2 : 1, ok.GetHistogramCount());
        Assert.InRange(ok.GetHistogramSum(), 1e-6, 30);
        if (secondStatus != StatusCode.OK)
        {
            Assert.Single(rpc, p => Equals(TelemetryHost.Tag(p, SourcingTelemetry.Tags.RpcStatusCode), (int)secondStatus));
        }

        var solves = telemetry.Points("sourcing.solver.outcomes");
        Assert.Contains(solves, p => Equals(TelemetryHost.Tag(p, SourcingTelemetry.Tags.SolverStatus), "optimal") && p.GetSumLong() >= 1);
        var holds = telemetry.Points("sourcing.reservation.outcomes");
        Assert.Contains(holds, p => Equals(TelemetryHost.Tag(p, SourcingTelemetry.Tags.ReservationOutcome), "held") && p.GetSumLong() >= 1);

        // The background gauges: the sweeper runs every 100 ms in tests, the lag sampler once at start.
        var sweeper = Assert.Single(telemetry.Points("sourcing.sweeper.lag"));
        Assert.InRange(sweeper.GetGaugeLastValueDouble(), 0, 5);
        var invoicing = Assert.Single(telemetry.Points("sourcing.outbox.lag"), p => Equals(TelemetryHost.Tag(p, SourcingTelemetry.Tags.Follower), "invoicing"));
        Assert.Equal(0, invoicing.GetGaugeLastValueDouble());
    }

    [Fact]
    public async Task PrometheusEndpoint_AfterAnRpc_AnswersTextWithRpcDurationOverHttp11()
    {
        var port = FreePort();
        using var telemetry = new TelemetryHost(redis.Server.Endpoint, new Dictionary<string, string?>
        {
            ["Telemetry:Prometheus:Enabled"] = "true",
            ["Telemetry:Prometheus:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        await telemetry.Sourcing.PromiseAsync(new PromiseRequest()).ResponseAsync.ContinueWith(_ => { }, TaskScheduler.Default);
        await telemetry.Host.Locations.ListLocationsAsync(new ListLocationsRequest());

        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://localhost:{port}/metrics") { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version11, response.Version);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Contains("sourcing_rpc_duration", text, StringComparison.Ordinal);
        Assert.Contains("rpc_method=\"/sourcing.v1.LocationService/ListLocations\"", text, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
