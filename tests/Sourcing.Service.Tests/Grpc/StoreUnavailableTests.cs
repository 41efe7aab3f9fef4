using System.Net;
using System.Net.Sockets;
using System.Text;
using Google.Rpc;
using Grpc.Core;
using Grpc.Health.V1;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.Testing;
using Sourcing.V1;
using StackExchange.Redis;

namespace Sourcing.Service.Tests.Grpc;

/// <summary>
/// Redis killed, stalled or busy: every inventory call answers UNAVAILABLE (never UNKNOWN), says truthfully whether
/// the change may have been applied, and a retry under the same request id never applies it twice. Each test has a
/// redis-server of its own, because it stops or stalls it.
/// </summary>
public sealed class StoreUnavailableTests : IDisposable
{
    private readonly LocalRedisServer _server = LocalRedisServer.Start(allowDebugCommand: true);
    private readonly SourcingHost _host;
    private bool _serverStopped;

    public StoreUnavailableTests()
    {
        // Short client timeouts, so a stalled server is given up on well before it answers.
        _host = new SourcingHost(_server.Endpoint, new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = _server.Endpoint + ",connectTimeout=500,syncTimeout=500,asyncTimeout=500",
        });
    }

    [Fact]
    public async Task InventoryRpcs_RedisKilled_AreUnavailableAndTellReadsFromChanges()
    {
        await _host.AddLocationAsync("WH1");
        // The setup is not what is tested, and with 500 ms client timeouts the first calls of a test process on a busy
        // machine can time out: both calls are idempotent (a sequence, a request id), so they are simply repeated.
        await SetUpAsync(() => _host.Inventory.SetStockAsync(new SetStockRequest { Sku = "SKU-1", LocationId = "WH1", OnHand = 10, Sequence = 1 }).ResponseAsync);
        var held = await SetUpAsync(() => _host.Inventory.ReserveAsync(new ReserveRequest { RequestId = "order-1", Lines = { Line(1) } }).ResponseAsync);
        StopServer();
        var inventory = _host.Inventory;
        var reservation = new ReservationRequest { ReservationId = held.ReservationId };

        var reads = new Dictionary<string, Func<Task>>
        {
            ["GetAvailability"] = () => inventory.GetAvailabilityAsync(new GetAvailabilityRequest { Skus = { "SKU-1" } }).ResponseAsync,
            ["GetReservation"] = () => inventory.GetReservationAsync(reservation).ResponseAsync,
            ["WatchStock"] = async () =>
            {
                using var watch = inventory.WatchStock(new WatchStockRequest { AfterPosition = "0" });
                await watch.ResponseStream.MoveNext(CancellationToken.None);
            },
        };
        var changes = new Dictionary<string, Func<Task>>
        {
            ["SetStock"] = () => inventory.SetStockAsync(new SetStockRequest { Sku = "SKU-1", LocationId = "WH1", OnHand = 3, Sequence = 2 }).ResponseAsync,
            ["AdjustStock"] = () => inventory.AdjustStockAsync(new AdjustStockRequest { Sku = "SKU-1", LocationId = "WH1", Delta = 1, Reason = "receipt", RequestId = "adjust-1" }).ResponseAsync,
            ["SetSafetyStock"] = () => inventory.SetSafetyStockAsync(new SetSafetyStockRequest { Sku = "SKU-1", LocationId = "WH1", SafetyStock = 1 }).ResponseAsync,
            ["Reserve"] = () => inventory.ReserveAsync(new ReserveRequest { RequestId = "order-2", Lines = { Line(1) } }).ResponseAsync,
            ["CommitReservation"] = () => inventory.CommitReservationAsync(reservation).ResponseAsync,
            ["ReleaseReservation"] = () => inventory.ReleaseReservationAsync(reservation).ResponseAsync,
            ["SourceOrder"] = () => _host.Sourcing.SourceOrderAsync(TestNetwork.Order("so-1", TestNetwork.Frankfurt, TestNetwork.Line("1", "SKU-1", 1))).ResponseAsync,
            ["ImportStock"] = async () =>
            {
                using var import = inventory.ImportStock();
                await import.RequestStream.WriteAsync(new ImportStockRow { Sku = "SKU-1", LocationId = "WH1", OnHand = 4, Sequence = 3 });
                await import.RequestStream.CompleteAsync();
                await import.ResponseAsync;
            },
        };

        foreach (var (name, call) in reads)
        {
            var (message, mayHaveApplied) = await UnavailableAsync(name, call);
            Assert.Contains("nothing was changed", message);
            Assert.Equal("false", mayHaveApplied);
        }

        foreach (var (name, call) in changes)
        {
            var (message, mayHaveApplied) = await UnavailableAsync(name, call);
            Assert.Contains("may have been", message);
            Assert.Contains("same request", message);
            Assert.DoesNotContain("nothing was changed", message);
            Assert.Equal("true", mayHaveApplied);
        }
    }

    [Fact]
    public async Task AdjustStockAndReserve_RedisStalled_MayHaveBeenAppliedAndTheRetryAppliesOnce()
    {
        await UntilRedisAnswersAsync();
        await _host.AddLocationAsync("WH1");
        await _host.Inventory.SetStockAsync(new SetStockRequest { Sku = "SKU-1", LocationId = "WH1", OnHand = 10, Sequence = 1 });
        var adjust = new AdjustStockRequest { Sku = "SKU-1", LocationId = "WH1", Delta = 5, Reason = "receipt PO-9", RequestId = "adjust-po-9" };
        var reserve = new ReserveRequest { RequestId = "order-1", Lines = { Line(2) } };

        using (var admin = await ConnectionMultiplexer.ConnectAsync(_server.Endpoint + ",allowAdmin=true,asyncTimeout=10000"))
        {
            // The server sleeps; the calls sent meanwhile wait in its queue and run when it wakes, after the client gave up.
            var stall = admin.GetDatabase().ExecuteAsync("DEBUG", "SLEEP", "3");
            await Task.Delay(200);

            var adjustRefusal = await RpcAssert.StatusAsync(StatusCode.Unavailable, () => _host.Inventory.AdjustStockAsync(adjust).ResponseAsync);
            var reserveRefusal = await RpcAssert.StatusAsync(StatusCode.Unavailable, () => _host.Inventory.ReserveAsync(reserve).ResponseAsync);
            await stall;

            Assert.Contains("may have been applied", adjustRefusal.Status.Detail);
            Assert.Contains("same request id", adjustRefusal.Status.Detail);
            Assert.Contains("may have been applied", reserveRefusal.Status.Detail);
        }

        var retriedAdjust = await _host.Inventory.AdjustStockAsync(adjust);
        var retriedReserve = await _host.Inventory.ReserveAsync(reserve);

        Assert.Equal(15, retriedAdjust.OnHand);
        Assert.Equal(ReservationStatus.Held, retriedReserve.Status);
        var level = Assert.Single((await _host.Inventory.GetAvailabilityAsync(new GetAvailabilityRequest { Skus = { "SKU-1" } })).Skus[0].Locations);
        Assert.Equal((15L, 2L), (level.OnHand, level.Reserved));
    }

    [Fact]
    public async Task GetAvailability_RedisBusyWithAScript_IsUnavailable()
    {
        await _host.AddLocationAsync("WH1");
        using var admin = await ConnectionMultiplexer.ConnectAsync(_server.Endpoint + ",allowAdmin=true,asyncTimeout=10000");
        var server = admin.GetServer(admin.GetEndPoints()[0]);
        await server.ExecuteAsync("CONFIG", "SET", "busy-reply-threshold", "100");
        // A bare socket connected before the script starts: a busy server answers BUSY to every command but SCRIPT KILL,
        // including the handshake and the background checks a client library sends on a connection of its own.
        using var killer = new TcpClient();
        await killer.ConnectAsync(IPAddress.Loopback, _server.Port);
        var busy = admin.GetDatabase().ScriptEvaluateAsync("while true do end");
        await Task.Delay(400);

        var refusal = await RpcAssert.StatusAsync(StatusCode.Unavailable,
            () => _host.Inventory.GetAvailabilityAsync(new GetAvailabilityRequest { Skus = { "SKU-1" } }).ResponseAsync);

        Assert.StartsWith("+OK", await ScriptKillAsync(killer.GetStream()));

        await Assert.ThrowsAnyAsync<RedisException>(() => busy);
        Assert.Contains("nothing was changed", refusal.Status.Detail);
    }

    public void Dispose()
    {
        _host.Dispose();
        StopServer();
    }

    private void StopServer()
    {
        if (!_serverStopped)
        {
            _serverStopped = true;
            _server.Dispose();
        }
    }

    private static async Task<T> SetUpAsync<T>(Func<Task<T>> call)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (RpcException exception) when (exception.StatusCode == StatusCode.Unavailable && attempt < 5)
            {
                await Task.Delay(200);
            }
        }
    }

    /// <summary>Sends SCRIPT KILL in the protocol's own framing and returns the server's reply line.</summary>
    private static async Task<string> ScriptKillAsync(NetworkStream stream)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes("*2\r\n$6\r\nSCRIPT\r\n$4\r\nKILL\r\n"));
        using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
        return await reader.ReadLineAsync() ?? "";
    }

    private static ReservationLine Line(long quantity) => new() { Sku = "SKU-1", LocationId = "WH1", Quantity = quantity };

    private static async Task<(string Message, string MayHaveApplied)> UnavailableAsync(string name, Func<Task> call)
    {
        var exception = await Assert.ThrowsAsync<RpcException>(call);
        Assert.True(exception.StatusCode == StatusCode.Unavailable, $"{name} answered {exception.StatusCode}: {exception.Status.Detail}");
        var info = exception.GetRpcStatus()!.GetDetail<ErrorInfo>()!;
        Assert.Equal("STORE_UNAVAILABLE", info.Reason);
        return (exception.Status.Detail, info.Metadata["may_have_applied"]);
    }

    /// <summary>
    /// The host's client connects in the background with 1 s timeouts (so the down-Redis tests are short); on a busy
    /// machine the first calls to a freshly started server can time out before it is connected. Setup waits for it.
    /// </summary>
    private async Task UntilRedisAnswersAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while ((await _host.Health.CheckAsync(new HealthCheckRequest())).Status != HealthCheckResponse.Types.ServingStatus.Serving
            && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
    }
}
