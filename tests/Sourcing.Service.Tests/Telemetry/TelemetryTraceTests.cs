using System.Diagnostics;
using Sourcing.Service.Telemetry;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.Service.Tests.Orders;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Telemetry;

/// <summary>Traces with telemetry on: the real host, a real Redis (and PostgreSQL for orders), the in-memory exporter.</summary>
[Collection(RedisCollection.Name)]
public sealed class TelemetryTraceTests(RedisFixture redis)
{
    [Fact]
    public async Task SourceOrder_TelemetryOn_OneTraceFromGrpcThroughRulesOptimizerAndReserve()
    {
        using var telemetry = new TelemetryHost(redis.Server.Endpoint);
        await TestNetwork.AddAsync(telemetry.Host);
        await TestNetwork.Stock(telemetry.Host, "TENT", "WH-FRANKFURT", 10);

        var response = await telemetry.Sourcing.SourceOrderAsync(TestNetwork.Order("otel-trace-1", TestNetwork.Frankfurt, TestNetwork.Line("1", "TENT", 2)));
        var trace = await telemetry.TraceAsync(SourcingTelemetry.Tags.RequestId, "otel-trace-1");

        var server = Assert.Single(trace, s => s.Kind == ActivityKind.Server);
        Assert.Equal("O-otel-trace-1", server.GetTagItem(SourcingTelemetry.Tags.OrderId));
        Assert.Equal(response.RulesVersion, server.GetTagItem(SourcingTelemetry.Tags.RulesVersion));
        Assert.Equal("optimal", server.GetTagItem(SourcingTelemetry.Tags.SolverStatus));
        Assert.Contains("SourceOrder", server.DisplayName, StringComparison.Ordinal);

        var rules = Assert.Single(trace, s => s.OperationName == SourcingTelemetry.Spans.Rules);
        var solve = Assert.Single(trace, s => s.OperationName == SourcingTelemetry.Spans.Solve);
        var reserve = Assert.Single(trace, s => s.OperationName == SourcingTelemetry.Spans.Reserve);
        Assert.Contains(trace, s => s.OperationName == SourcingTelemetry.Spans.StockRead);
        Assert.All(new[] { rules, solve, reserve }, s => Assert.Equal(server.SpanId, s.ParentSpanId));
        Assert.Equal("optimal", solve.GetTagItem(SourcingTelemetry.Tags.SolverStatus));
        Assert.Equal(1, solve.GetTagItem(SourcingTelemetry.Tags.SolverLines));
        Assert.True(solve.GetTagItem(SourcingTelemetry.Tags.SolverWallTimeMs) is double ms && ms >= 0);
        Assert.Equal("held", reserve.GetTagItem(SourcingTelemetry.Tags.ReservationOutcome));
        Assert.True(rules.StartTimeUtc <= solve.StartTimeUtc && solve.StartTimeUtc <= reserve.StartTimeUtc, "rules, then the optimizer, then the hold");
        Assert.NotEmpty(response.ReservationId);
    }

    [Fact]
    public async Task CreateOrder_TelemetryOnWithPostgres_NpgsqlSpansInTheSameTrace()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Orders:ConnectionString"] = await SharedPostgres.NewDatabaseAsync(),
            ["Orders:ApplyMigrations"] = "true",
        };
        using var telemetry = new TelemetryHost(redis.Server.Endpoint, settings);
        await TestNetwork.AddAsync(telemetry.Host);
        await TestNetwork.Stock(telemetry.Host, OrderTestBed.Tent, "WH-FRANKFURT", 10);
        await TestNetwork.Stock(telemetry.Host, OrderTestBed.Stove, "WH-FRANKFURT", 10);
        var orders = new OrderService.OrderServiceClient(telemetry.Host.ChannelFor(TestTokens.For("web-shop", ["channel"], channels: ["web"])));

        var order = await orders.CreateOrderAsync(OrderTestBed.NewOrder("otel-create-1"));
        var trace = await telemetry.TraceAsync(SourcingTelemetry.Tags.RequestId, "otel-create-1");

        var server = Assert.Single(trace, s => s.Kind == ActivityKind.Server);
        Assert.Equal(order.OrderId, server.GetTagItem(SourcingTelemetry.Tags.OrderId));
        Assert.NotNull(server.GetTagItem(SourcingTelemetry.Tags.RulesVersion));
        Assert.NotNull(server.GetTagItem(SourcingTelemetry.Tags.SolverStatus));
        var database = trace.Where(s => s.Source.Name == "Npgsql").ToList();
        Assert.NotEmpty(database);
        Assert.All(database, s => Assert.Equal("postgresql", s.GetTagItem("db.system.name") ?? s.GetTagItem("db.system")));
        Assert.Contains(trace, s => s.OperationName == SourcingTelemetry.Spans.Solve);
    }
}
