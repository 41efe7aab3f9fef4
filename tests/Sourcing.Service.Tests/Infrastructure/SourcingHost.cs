using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Infrastructure;

/// <summary>
/// The real service host in-process (WebApplicationFactory), talking to a real Redis under a key prefix of its own,
/// with generated gRPC clients over the test server's handler.
/// </summary>
public sealed class SourcingHost : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;
    private GrpcChannel? _channel;

    /// <param name="services">Replaces services after the app's own registration, e.g. to wrap a store.</param>
    public SourcingHost(string redisEndpoint, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        _services = services;
        _settings = new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = redisEndpoint + ",connectTimeout=500,syncTimeout=1000,asyncTimeout=1000",
            ["Redis:KeyPrefix"] = RedisFixture.NewKeyPrefix(),
            ["Demo:Seed"] = "false",
            ["Inventory:SweepInterval"] = "00:00:00.100",
            ["Inventory:LocationCacheTtl"] = "00:00:00",
            ["Rules:WatchFiles"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    /// <summary>Sent as the bearer token of every call on <see cref="Channel"/>, for hosts that validate tokens.</summary>
    public string? DefaultToken { get; init; }

    public GrpcChannel Channel => _channel ??= ChannelFor(DefaultToken);

    /// <summary>A channel whose every call carries <paramref name="token"/> (none when null).</summary>
    public GrpcChannel ChannelFor(string? token)
    {
        HttpMessageHandler handler = Server.CreateHandler();
        if (token is not null)
        {
            handler = new BearerTokenHandler(token) { InnerHandler = handler };
        }

        return GrpcChannel.ForAddress(Server.BaseAddress, new GrpcChannelOptions { HttpHandler = handler });
    }

    public InventoryService.InventoryServiceClient Inventory => new(Channel);

    public LocationService.LocationServiceClient Locations => new(Channel);

    public Health.HealthClient Health => new(Channel);

    public SourcingService.SourcingServiceClient Sourcing => new(Channel);

    /// <summary>A warehouse that sells to every channel; enough for most inventory tests.</summary>
    public async Task<Location> AddLocationAsync(string id, bool active = true, params string[] channels)
    {
        var location = TestLocations.Warehouse(id);
        location.Name = "Test " + id;
        location.Active = active;
        location.Channels.Clear();
        location.Channels.AddRange(channels.Length > 0 ? channels : ["web"]);
        return await Locations.UpsertLocationAsync(new UpsertLocationRequest { Location = location });
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_services is not null)
        {
            builder.ConfigureTestServices(_services);
        }
    }

    protected override void Dispose(bool disposing)
    {
        _channel?.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>Adds a bearer token to every request, as a client library configured with credentials would.</summary>
internal sealed class BearerTokenHandler(string token) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return base.SendAsync(request, cancellationToken);
    }
}
