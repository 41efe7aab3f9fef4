using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Sourcing.Testing;
using Sourcing.V1;
using StackExchange.Redis;

namespace Sourcing.Benchmarks.Sourcing;

/// <summary>
/// The real service in-process (TestServer) on a real redis-server, with 50 locations (5 warehouses, 45 stores) spread
/// over Germany that all hold the 5 SKUs of the benchmark order: 50 candidate locations per line.
/// </summary>
internal sealed class SourceOrderFixture : IDisposable
{
    private readonly LocalRedisServer _redis = LocalRedisServer.Start();
    private readonly WebApplicationFactory<Program> _factory;
    private long _orders;

    /// <param name="bearerToken">
    /// When set, the host validates JWTs (HS256, the key below) and every call carries this token; otherwise the host
    /// runs as under dotnet run, where every call is the developer principal.
    /// </param>
    /// <param name="settings">Further host settings (e.g. the order store's).</param>
    public SourceOrderFixture(string? bearerToken = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        // WebApplicationFactory guesses <solution>/Sourcing.Service; the project lives under src/.
        var serviceFolder = Path.Combine(Path.GetDirectoryName(RepositoryPaths.RulesDirectory)!, "src", "Sourcing.Service");
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_SOURCING_SERVICE", serviceFolder);
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Redis:Configuration", _redis.Endpoint);
            builder.UseSetting("Redis:KeyPrefix", "bench:");
            builder.UseSetting("Demo:Seed", "false");
            builder.UseSetting("Rules:WatchFiles", "false");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            {
                builder.UseSetting(key, value);
            }

            if (bearerToken is not null)
            {
                builder.UseSetting("Security:Jwt:Issuer", BenchmarkTokens.Issuer);
                builder.UseSetting("Security:Jwt:Audience", BenchmarkTokens.Audience);
                builder.UseSetting("Security:Jwt:SigningKeys:0", BenchmarkTokens.Key);
            }
        });
        HttpMessageHandler handler = _factory.Server.CreateHandler();
        if (bearerToken is not null)
        {
            handler = new BearerHandler(bearerToken) { InnerHandler = handler };
        }

        Channel = GrpcChannel.ForAddress(_factory.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = handler });
        Redis = ConnectionMultiplexer.Connect(_redis.Endpoint);
        Seed().GetAwaiter().GetResult();
    }

    public GrpcChannel Channel { get; }

    public ConnectionMultiplexer Redis { get; }

    public SourcingService.SourcingServiceClient Sourcing => new(Channel);

    public RulesService.RulesServiceClient Rules => new(Channel);

    public OrderService.OrderServiceClient Orders => new(Channel);

    /// <summary>A new 5-line order (new request id) to Berlin, reserving.</summary>
    public SourceOrderRequest NextOrder()
    {
        var number = Interlocked.Increment(ref _orders);
        var request = new SourceOrderRequest
        {
            RequestId = "bench-" + number,
            OrderId = "B-" + number,
            Channel = "web",
            Destination = new Destination { Coordinates = new GeoPoint { Latitude = 52.52, Longitude = 13.405 } },
            Delivery = new DeliveryOption { Method = DeliveryMethod.Standard },
            PaymentMethod = "card",
            Reserve = true,
        };
        for (var i = 0; i < 5; i++)
        {
            request.Lines.Add(new OrderLine { LineId = $"{i}", Sku = $"BENCH-{i}", Quantity = 1 + (i % 2), WeightGrams = 700, Category = "outdoor", UnitPrice = new Money { CurrencyCode = "EUR", MinorUnits = 2500 } });
        }

        return request;
    }

    public void Dispose()
    {
        Channel.Dispose();
        _factory.Dispose();
        Redis.Dispose();
        _redis.Dispose();
    }

    private async Task Seed()
    {
        var locations = new LocationService.LocationServiceClient(Channel);
        var inventory = new InventoryService.InventoryServiceClient(Channel);
        var random = new Random(50);
        for (var i = 0; i < 50; i++)
        {
            var warehouse = i < 5;
            var location = new Location
            {
                Id = $"L{i:00}",
                Name = $"L{i:00}",
                Type = warehouse ? LocationType.Warehouse : LocationType.Store,
                Coordinates = new GeoPoint { Latitude = 47.5 + random.NextDouble() * 7, Longitude = 6.5 + random.NextDouble() * 8 },
                CountryCode = "DE",
                PostalCode = "10117",
                TimeZone = "Europe/Berlin",
                Capabilities = new LocationCapabilities { ShipsParcels = true, CustomerPickup = !warehouse },
                HandlingCostPerUnit = new Money { CurrencyCode = "EUR", MinorUnits = warehouse ? 35 : 90 },
                ShipmentBaseCost = new Money { CurrencyCode = "EUR", MinorUnits = warehouse ? 450 : 590 },
                ProcessingHours = warehouse ? 4 : 24,
                DailyCutoff = new LocalTimeOfDay { Hours = 16 },
                Active = true,
                Channels = { "web" },
            };
            await locations.UpsertLocationAsync(new UpsertLocationRequest { Location = location });
            for (var s = 0; s < 5; s++)
            {
                await inventory.SetStockAsync(new SetStockRequest { Sku = $"BENCH-{s}", LocationId = location.Id, OnHand = 10_000_000, Sequence = 1 });
            }
        }
    }
}

/// <summary>Adds the bearer token to every call, as a configured gRPC client would.</summary>
internal sealed class BearerHandler(string token) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return base.SendAsync(request, cancellationToken);
    }
}
