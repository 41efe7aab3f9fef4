using Npgsql;
using Sourcing.Benchmarks.Sourcing;
using Sourcing.Testing;
using Sourcing.V1;

namespace Sourcing.Benchmarks.Returns;

/// <summary>
/// The returns report's database and host: its own PostgreSQL on loopback (fsync on, synchronous commit on:
/// PostgreSQL's defaults), the schema migrated at start, and the SourceOrder benchmark's host (real Redis, 50
/// locations) to make the template order. The host's order reconciler waits a day before touching an unfinished
/// order: received returns whose refund the no-op settlement never decides stay unfinished, and the host's own
/// reconciler (with its real settlement) must not work on them while the report measures.
/// </summary>
internal sealed class ReturnBenchFixture : IDisposable
{
    private readonly LocalPostgresServer _postgres;

    public ReturnBenchFixture()
    {
        _postgres = LocalPostgresServer.Start();
        ConnectionString = _postgres.CreateDatabaseAsync("returns_bench").GetAwaiter().GetResult();
        Host = new SourceOrderFixture(settings: new Dictionary<string, string>
        {
            ["Orders:ConnectionString"] = ConnectionString,
            ["Orders:ApplyMigrations"] = "true",
            ["Orders:ReconcileAfter"] = "1.00:00:00",
        });
    }

    public SourceOrderFixture Host { get; }

    public string ConnectionString { get; }

    /// <summary>A web order to Berlin of two lines, 1 and 2 units, from the SourceOrder benchmark's SKUs.</summary>
    public static CreateOrderRequest TemplateOrder()
    {
        var request = new CreateOrderRequest
        {
            RequestId = "bench-return-template",
            Channel = "web",
            ExternalOrderNumber = "WEB-R-1",
            Customer = new OrderCustomer { Id = "cust-returns", Segment = "consumer", Email = "kim@example.org" },
            ShippingAddress = new PostalAddress { Name = "Kim Meyer", Street = "Unter den Linden 1", PostalCode = "10117", City = "Berlin", Country = "DE" },
            Coordinates = new GeoPoint { Latitude = 52.52, Longitude = 13.405 },
            Currency = "EUR",
            Delivery = new OrderDelivery { Method = DeliveryMethod.Standard },
            Payment = new OrderPayment { Method = "card", Reference = "psp-returns" },
            FraudScore = 5,
        };
        for (var i = 0; i < 2; i++)
        {
            request.Lines.Add(new OrderLineInput
            {
                LineId = $"{i}", Sku = $"BENCH-{i}", Quantity = 1 + i, WeightGrams = 700, Category = "outdoor", UnitPriceMinor = 2500, TaxRateBasisPoints = 1900,
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
