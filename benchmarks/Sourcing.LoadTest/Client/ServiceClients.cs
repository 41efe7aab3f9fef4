using System.Net;
using Grpc.Core;
using Grpc.Net.Client;
using Sourcing.V1;

namespace Sourcing.LoadTest.Client;

/// <summary>
/// The gRPC channels to the service under test. Several channels, each allowed to open further HTTP/2 connections,
/// so the service's per-connection stream limit (100 by default) never becomes the client's queue.
/// </summary>
internal sealed class ServiceClients : IDisposable
{
    private readonly GrpcChannel[] _channels;
    private readonly Metadata? _headers;
    private readonly TimeSpan _timeout;
    private int _next;

    public ServiceClients(Uri target, int connections, string? bearerToken, TimeSpan timeout)
    {
        _channels = Enumerable.Range(0, connections).Select(_ => GrpcChannel.ForAddress(target, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                EnableMultipleHttp2Connections = true,
                PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
                KeepAlivePingDelay = TimeSpan.FromSeconds(60),
                AutomaticDecompression = DecompressionMethods.None,
            },
            MaxReceiveMessageSize = 16 * 1024 * 1024,
        })).ToArray();
        _headers = bearerToken is null ? null : new Metadata { { "authorization", "Bearer " + bearerToken } };
        _timeout = timeout;
    }

    public CallInvoker Invoker => _channels[(int)((uint)Interlocked.Increment(ref _next) % _channels.Length)].CreateCallInvoker();

    public SourcingService.SourcingServiceClient Sourcing => new(Invoker);

    public InventoryService.InventoryServiceClient Inventory => new(Invoker);

    public LocationService.LocationServiceClient Locations => new(Invoker);

    public OrderService.OrderServiceClient Orders => new(Invoker);

    public Grpc.Health.V1.Health.HealthClient Health => new(Invoker);

    /// <summary>Options for one call: the token, and a deadline so a stuck call ends as DEADLINE_EXCEEDED.</summary>
    public CallOptions Options(CancellationToken cancellationToken) =>
        new(_headers, DateTime.UtcNow + _timeout, cancellationToken);

    /// <summary>Options for setup calls, which may take longer than a measured call (a stream of thousands of rows).</summary>
    public CallOptions SetupOptions() => new(_headers, DateTime.UtcNow + TimeSpan.FromMinutes(5));

    public void Dispose()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
    }
}
