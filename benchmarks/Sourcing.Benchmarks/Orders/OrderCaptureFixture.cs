using Npgsql;
using Sourcing.Benchmarks.Sourcing;
using Sourcing.Testing;
using Sourcing.V1;

namespace Sourcing.Benchmarks.Orders;

/// <summary>
/// The SourceOrder benchmark's host (real Redis, 50 locations holding the 5 SKUs) with orders in a real PostgreSQL:
/// its own server on loopback (fsync on, synchronous commit on: PostgreSQL's defaults), the schema migrated at start.
/// </summary>
internal sealed class OrderCaptureFixture : IDisposable
{
    private readonly LocalPostgresServer _postgres;
    private long _orders;

    public OrderCaptureFixture()
    {
        _postgres = LocalPostgresServer.Start();
        ConnectionString = _postgres.CreateDatabaseAsync("orders_bench").GetAwaiter().GetResult();
        Host = new SourceOrderFixture(settings: new Dictionary<string, string>
        {
            ["Orders:ConnectionString"] = ConnectionString,
            ["Orders:ApplyMigrations"] = "true",
        });
    }

    public SourceOrderFixture Host { get; }

    public string ConnectionString { get; }

    /// <summary>A new 5-line web order to Berlin, the same basket as the SourceOrder benchmark's.</summary>
    public CreateOrderRequest NextOrder()
    {
        var number = Interlocked.Increment(ref _orders);
        var request = new CreateOrderRequest
        {
            RequestId = "bench-order-" + number,
            Channel = "web",
            ExternalOrderNumber = "WEB-B-" + number,
            Customer = new OrderCustomer { Id = "cust-" + (number % 5_000), Segment = "consumer", Email = "kim@example.org" },
            ShippingAddress = new PostalAddress { Name = "Kim Meyer", Street = "Unter den Linden 1", PostalCode = "10117", City = "Berlin", Country = "DE" },
            Coordinates = new GeoPoint { Latitude = 52.52, Longitude = 13.405 },
            Currency = "EUR",
            Delivery = new OrderDelivery { Method = DeliveryMethod.Standard },
            Payment = new OrderPayment { Method = "card", Reference = "psp-" + number },
            FraudScore = 5,
        };
        for (var i = 0; i < 5; i++)
        {
            request.Lines.Add(new OrderLineInput
            {
                LineId = $"{i}", Sku = $"BENCH-{i}", Quantity = 1 + (i % 2), WeightGrams = 700, Category = "outdoor",
                UnitPriceMinor = 2500, TaxRateBasisPoints = 1900,
            });
        }

        return request;
    }

    public NpgsqlConnection OpenConnection()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    public void Dispose()
    {
        Host.Dispose();
        _postgres.Dispose();
    }
}
