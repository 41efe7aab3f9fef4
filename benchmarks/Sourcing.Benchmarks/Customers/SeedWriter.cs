using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Sourcing.Orders;
using Sourcing.Orders.Billing;
using Sourcing.Orders.Customers;
using Sourcing.Orders.Returns;
using Sourcing.Orders.Storage;
using Sourcing.Orders.Storage.InMemory;

namespace Sourcing.Benchmarks.Customers;

/// <summary>A customer the seed keeps in memory to check against what the real stores read back.</summary>
internal sealed record SeedSample(CustomerDocument Customer, long Version, IReadOnlyList<(string OrderId, string Json, int Template)> Orders, int Invoices);

/// <summary>
/// Writes one customer at a time — registered through the real directory — with its orders (rendered from the
/// templates), their events, returns' index rows and request rows, and its invoices, credit notes, open items,
/// billing events and account, into the bulk load's COPYs.
/// </summary>
internal sealed class SeedWriter(IReadOnlyList<OrderTemplate> templates, DateTimeOffset now, int sampleCustomer)
{
    /// <summary>The tables the seed writes and their columns, in the order <see cref="SeedWriter"/> writes them.</summary>
    public static readonly IReadOnlyDictionary<string, string> Columns = new Dictionary<string, string>
    {
        ["customers"] = CustomerRows.CustomerColumns,
        ["customer_identities"] = CustomerRows.IdentityColumns,
        ["customer_search"] = CustomerRows.SearchColumns,
        ["orders"] = "order_id, channel, external_order_number, customer_id, status, total_minor, currency, created_at, updated_at, version, unfinished, " +
                     "backordered_skus, earliest_hold_expiry, document, units_shipped, units_returned, shipped_value_minor, returned_value_minor",
        ["order_requests"] = "channel, request_id, order_id, fingerprint",
        ["order_events"] = "position, order_id, channel, sequence, type, occurred_at, actor, reason, detail",
        ["order_returns"] = "return_id, number, order_id, channel, customer_id, kind, status, destination_location_id, created_at, due_at, unfinished",
        ["billing_accounts"] = "customer_id, version, dunning_level, credit_limit_minor, invoices_paid, invoices_paid_late, buyer",
        ["billing_documents"] = "id, kind, series, year, sequence, number, source_key, customer_id, order_id, currency, gross_minor, issued_at, document",
        ["open_items"] = "invoice_id, customer_id, number, order_id, purpose, payment_method, currency, gross_minor, credited_minor, paid_minor, " +
                         "issued_on, due_date, discount_until, discount_basis_points, dunning_level, last_dunned_on, settled_on",
        ["billing_events"] = "position, type, customer_id, order_id, document_id, payment_id, amount_minor, currency, detail, occurred_at",
    };

    private static readonly CustomerActor StoreClerk = new("store-clerk-0042", "store");
    private static readonly CustomerActor Agent = new("agent-0007", "");

    private readonly OrderTemplate[][] _byShape = Enum.GetValues<OrderShape>().Select(s => templates.Where(t => t.Shape == s).ToArray()).ToArray();
    private readonly ManualClock _clock = new();
    private readonly Dictionary<(string Series, int Year), long> _sequences = [];
    private readonly string[] _values = new string[OrderSlots.Count + templates.Max(t => t.RandomIdPrefixes.Count)];
    private readonly StringBuilder _json = new(16_384);
    private readonly DateTimeOffset _firstDay = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(-730);
    private BulkLoad? _load;
    private InMemoryCustomerStore _store = new();
    private CustomerDirectory? _directory;
    private int _storeUses;

    public long Orders { get; private set; }
    public long OrderEvents { get; private set; }
    public long Returns { get; private set; }
    public long Documents { get; private set; }
    public long Invoices { get; private set; }
    public long Accounts { get; private set; }
    public long Identities { get; private set; }
    public long SearchEntries { get; private set; }
    public long BillingEvents { get; private set; }
    public SeedSample? Sample { get; private set; }

    public void Attach(BulkLoad load) => _load = load;

    public void Customer(int index, int orderCount)
    {
        var load = _load ?? throw new InvalidOperationException("Attach a bulk load first.");
        var random = new Random(unchecked(index * 31 + 5));
        var person = GermanPeople.Person(index);

        // The first order registers the customer; the others follow at random days up to today.
        var firstDay = random.Next(0, 729);
        var days = new List<int> { firstDay };
        for (var i = 1; i < orderCount; i++)
        {
            days.Add(random.Next(firstDay, 730));
        }

        var planned = new List<(DateTimeOffset Created, OrderShape Shape)>();
        foreach (var day in days)
        {
            var at = _firstDay.AddDays(day).AddHours(6).AddMinutes(random.Next(600));
            var shape = Shape(random, now - at);

            // An order is never younger than what happened to it: too young for its shape, it is made older.
            var span = _byShape[(int)shape].Max(t => t.Span);
            while (at + span > now.AddHours(-1))
            {
                at = at.AddDays(-1);
            }

            planned.Add((at, shape));
        }

        planned.Sort((a, b) => a.Created.CompareTo(b.Created));
        var created = planned.Select(p => p.Created).ToList();
        var shapes = planned.Select(p => p.Shape).ToList();
        var customer = Register(person, created[0], random);
        var customerId = customer.Document.CustomerId;
        CustomerRows.Write(load, customer, this);

        var sample = index == sampleCustomer ? new List<(string, string, int)>() : null;
        var accountVersion = 0L;
        string? buyer = null;
        var invoices = 0;
        for (var i = 0; i < created.Count; i++)
        {
            var orderSequence = Orders++;
            var template = Pick(shapes[i], random);
            var shift = created[i] - OrderTemplateBuilder.Base;
            var json = Order(load, template, person, customer.Document, orderSequence, created[i], shift);
            sample?.Add((_values[OrderSlots.OrderId], json, template.Index));
            if (template.Documents.Count > 0)
            {
                invoices++;
                accountVersion += template.AccountChanges;
                buyer = Billing(load, template, customerId, shift);
            }
        }

        if (buyer is not null)
        {
            var accounts = load["billing_accounts"];
            accounts.StartRow();
            accounts.Write(customerId, NpgsqlDbType.Text);
            accounts.Write(accountVersion, NpgsqlDbType.Bigint);
            accounts.Write(0, NpgsqlDbType.Integer);
            accounts.WriteNull();
            accounts.Write(0, NpgsqlDbType.Integer);
            accounts.Write(0, NpgsqlDbType.Integer);
            accounts.Write(buyer, NpgsqlDbType.Jsonb);
            Accounts++;
        }

        if (sample is not null)
        {
            Sample = new SeedSample(customer.Document, customer.Version, sample, invoices);
        }
    }

    /// <summary>The document counters at the last sequence of each series and year, and the billing feed at its last position.</summary>
    public void WriteCounters()
    {
        using var connection = CustomerBenchDatabase.Open();
        foreach (var ((series, year), last) in _sequences)
        {
            using var counter = new NpgsqlCommand("INSERT INTO document_counters (series, year, last_sequence) VALUES ($1, $2, $3)", connection)
            {
                Parameters = { new() { Value = series }, new() { Value = year }, new() { Value = last } },
            };
            counter.ExecuteNonQuery();
        }

        using var feed = new NpgsqlCommand("UPDATE billing_feed_counter SET last_position = $1 WHERE id = 1", connection) { Parameters = { new() { Value = BillingEvents } } };
        if (feed.ExecuteNonQuery() != 1)
        {
            throw new InvalidOperationException("billing_feed_counter has no row 1: the migration should have made it.");
        }
    }

    public void CountIdentities(int count) => Identities += count;

    public void CountSearchEntries(int count) => SearchEntries += count;

    /// <summary>Recent orders are still on their way; older ones delivered, invoiced, returned or cancelled.</summary>
    private static OrderShape Shape(Random random, TimeSpan age)
    {
        var roll = random.Next(100);
        if (age < TimeSpan.FromDays(2))
        {
            return roll < 8 ? OrderShape.Cancelled : OrderShape.InFulfilment;
        }

        if (age < TimeSpan.FromDays(4))
        {
            return roll < 60 ? OrderShape.Shipped : roll < 95 ? OrderShape.InFulfilment : OrderShape.Cancelled;
        }

        return roll switch
        {
            < 70 => OrderShape.Delivered,
            < 82 => OrderShape.DeliveredInvoiced,
            < 90 => OrderShape.Returned,
            < 93 => OrderShape.Shipped,
            _ => OrderShape.Cancelled,
        };
    }

    private OrderTemplate Pick(OrderShape shape, Random random)
    {
        var candidates = _byShape[(int)shape];
        return candidates[random.Next(candidates.Length)];
    }

    /// <summary>The customer as the real directory registers it from the first order, with the identities and classification added later.</summary>
    private StoredCustomer Register(SeedPerson person, DateTimeOffset firstOrder, Random random)
    {
        if (_directory is null || ++_storeUses > 10_000)
        {
            // A fresh store now and then: it would otherwise hold every customer of the seed.
            _store = new InMemoryCustomerStore();
            _directory = new CustomerDirectory(_store, _clock, Options.Create(new CustomerOptions()), NullLogger<CustomerDirectory>.Instance);
            _storeUses = 0;
        }

        _clock.Now = firstOrder;
        var order = new OrderDocument
        {
            Channel = "web",
            Customer = new OrderCustomer { Segment = person.Segment, Email = person.Email, Phone = person.Phone },
            ShippingAddress = person.Shipping,
            BillingAddress = person.Billing,
        };
        var id = _directory.ResolveAsync(order, new OrderCustomerIdentity(IdentityKind.Account, person.Account), "web", CancellationToken.None).GetAwaiter().GetResult();
        var later = (now - firstOrder).TotalMinutes;
        if (person.LoyaltyCard is { } card)
        {
            _clock.Now = firstOrder.AddMinutes(random.NextDouble() * later);
            _directory.AddIdentityAsync(id, new NewIdentity(IdentityKind.LoyaltyCard, "", card), StoreClerk, CancellationToken.None).GetAwaiter().GetResult();
        }

        if (person.PhoneIdentity)
        {
            _clock.Now = firstOrder.AddMinutes(random.NextDouble() * later);
            _directory.AddIdentityAsync(id, new NewIdentity(IdentityKind.Phone, "", person.Phone), Agent, CancellationToken.None).GetAwaiter().GetResult();
        }

        if (person.Vip)
        {
            _clock.Now = now.AddMinutes(-random.NextDouble() * later);
            _directory.ClassifyAsync(new ClassifyCustomerCommand(id, null, true, "regular customer of the flagship store"), Agent, CancellationToken.None).GetAwaiter().GetResult();
        }

        return _store.GetAsync(id, CancellationToken.None).GetAwaiter().GetResult() ?? throw new InvalidOperationException($"Customer {id} was not saved.");
    }

    /// <summary>Renders one order of the customer from its template and writes its rows; returns the document.</summary>
    private string Order(BulkLoad load, OrderTemplate template, SeedPerson person, CustomerDocument customer, long sequence, DateTimeOffset created, TimeSpan shift)
    {
        var v = _values;
        v[OrderSlots.OrderId] = SeedIds.Order(created, sequence);
        v[OrderSlots.ExternalNumber] = (100_000_000 + sequence).ToString(CultureInfo.InvariantCulture);
        v[OrderSlots.CustomerId] = customer.CustomerId;
        v[OrderSlots.Email] = person.Email;
        v[OrderSlots.Phone] = person.Phone;
        v[OrderSlots.Identity] = person.Account;
        v[OrderSlots.Segment] = person.Segment;
        v[OrderSlots.ShipName] = person.Shipping.Name;
        v[OrderSlots.ShipStreet] = person.Shipping.Street;
        v[OrderSlots.ShipPostalCode] = person.Shipping.PostalCode;
        v[OrderSlots.ShipCity] = person.Shipping.City;
        v[OrderSlots.BillName] = person.Billing.Name;
        v[OrderSlots.BillStreet] = person.Billing.Street;
        v[OrderSlots.BillPostalCode] = person.Billing.PostalCode;
        v[OrderSlots.BillCity] = person.Billing.City;
        v[OrderSlots.PaymentReference] = "8816" + sequence.ToString("D12", CultureInfo.InvariantCulture);
        v[OrderSlots.Tracking] = "00340434" + sequence.ToString("D12", CultureInfo.InvariantCulture);
        v[OrderSlots.ReturnId] = "rma_" + SeedIds.Version7(created.AddDays(12), sequence);
        v[OrderSlots.ReturnNumber] = SeedIds.ReturnNumber(sequence);
        for (var k = 0; k < template.RandomIdPrefixes.Count; k++)
        {
            v[OrderSlots.Count + k] = template.RandomIdPrefixes[k] + SeedIds.Version7(created.AddSeconds(k + 1), sequence);
        }

        foreach (var document in template.Documents)
        {
            var issued = OrderTemplateBuilder.Base + document.IssuedOffset + shift;
            var key = (document.Series, issued.Year);
            var number = _sequences[key] = _sequences.GetValueOrDefault(key) + 1;
            v[document.IdSlot] = (document.Kind == BillingDocumentKind.Invoice ? "inv_" : "gs_") + SeedIds.Version7(issued, sequence);
            v[document.NumberSlot] = BillingJson.FormatNumber(document.Series, issued.Year, number);
        }

        _json.Clear();
        template.Document.Render(_json, v, shift);
        var json = _json.ToString();
        var p = template.Projection;
        var orders = load["orders"];
        orders.StartRow();
        orders.Write(v[OrderSlots.OrderId], NpgsqlDbType.Varchar);
        orders.Write("web", NpgsqlDbType.Varchar);
        orders.Write(v[OrderSlots.ExternalNumber], NpgsqlDbType.Varchar);
        orders.Write(customer.CustomerId, NpgsqlDbType.Varchar);
        orders.Write(p.Status.ToString(), NpgsqlDbType.Varchar);
        orders.Write(p.TotalMinor, NpgsqlDbType.Bigint);
        orders.Write("EUR", NpgsqlDbType.Varchar);
        orders.Write(created.UtcDateTime, NpgsqlDbType.TimestampTz);
        orders.Write((OrderTemplateBuilder.Base + template.UpdatedOffset + shift).UtcDateTime, NpgsqlDbType.TimestampTz);
        orders.Write(template.Version, NpgsqlDbType.Bigint);
        orders.Write(p.Unfinished, NpgsqlDbType.Boolean);
        orders.Write(p.BackorderedSkus.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
        if (template.HoldExpiryOffset is { } expiry)
        {
            orders.Write((OrderTemplateBuilder.Base + expiry + shift).UtcDateTime, NpgsqlDbType.TimestampTz);
        }
        else
        {
            orders.WriteNull();
        }

        orders.Write(json, NpgsqlDbType.Jsonb);
        orders.Write(p.UnitsShipped, NpgsqlDbType.Integer);
        orders.Write(p.UnitsReturned, NpgsqlDbType.Integer);
        orders.Write(p.ShippedValueMinor, NpgsqlDbType.Bigint);
        orders.Write(p.ReturnedValueMinor, NpgsqlDbType.Bigint);

        var requests = load["order_requests"];
        requests.StartRow();
        requests.Write("web", NpgsqlDbType.Varchar);
        requests.Write("req-" + v[OrderSlots.ExternalNumber], NpgsqlDbType.Varchar);
        requests.Write(v[OrderSlots.OrderId], NpgsqlDbType.Varchar);
        requests.Write(Fingerprint(v[OrderSlots.OrderId]), NpgsqlDbType.Varchar);

        var events = load["order_events"];
        var sequenceInOrder = 0;
        foreach (var e in template.Events)
        {
            events.StartRow();
            events.Write(++OrderEvents, NpgsqlDbType.Bigint);
            events.Write(v[OrderSlots.OrderId], NpgsqlDbType.Varchar);
            events.Write("web", NpgsqlDbType.Varchar);
            events.Write(++sequenceInOrder, NpgsqlDbType.Integer);
            events.Write(e.Type, NpgsqlDbType.Varchar);
            events.Write((OrderTemplateBuilder.Base + e.Offset + shift).UtcDateTime, NpgsqlDbType.TimestampTz);
            events.Write(e.Actor.Render(v, shift), NpgsqlDbType.Varchar);
            events.Write(e.Reason.Render(v, shift), NpgsqlDbType.Varchar);
            events.Write(e.Detail.Render(v, shift), NpgsqlDbType.Varchar);
        }

        if (template.Returns is { } returnsTemplate)
        {
            var returns = load["order_returns"];
            foreach (var r in JsonSerializer.Deserialize<List<ReturnProjection>>(returnsTemplate.Render(v, shift), OrderJson.Options)!)
            {
                returns.StartRow();
                returns.Write(r.ReturnId, NpgsqlDbType.Varchar);
                returns.Write(r.Number.ToUpperInvariant(), NpgsqlDbType.Varchar);
                returns.Write(r.OrderId, NpgsqlDbType.Varchar);
                returns.Write(r.Channel, NpgsqlDbType.Varchar);
                returns.Write(r.CustomerId, NpgsqlDbType.Varchar);
                returns.Write(r.Kind.ToString(), NpgsqlDbType.Varchar);
                returns.Write(r.Status.ToString(), NpgsqlDbType.Varchar);
                returns.Write(r.DestinationLocationId, NpgsqlDbType.Varchar);
                returns.Write(r.CreatedAt.UtcDateTime, NpgsqlDbType.TimestampTz);
                if (r.DueAt is { } due)
                {
                    returns.Write(due.UtcDateTime, NpgsqlDbType.TimestampTz);
                }
                else
                {
                    returns.WriteNull();
                }

                returns.Write(r.Unfinished, NpgsqlDbType.Boolean);
                Returns++;
            }
        }

        return json;
    }

    /// <summary>The order's billing documents, open item and billing events; returns the buyer the account header ends with.</summary>
    private string Billing(BulkLoad load, OrderTemplate template, string customerId, TimeSpan shift)
    {
        var v = _values;
        var documents = load["billing_documents"];
        foreach (var document in template.Documents)
        {
            var issued = OrderTemplateBuilder.Base + document.IssuedOffset + shift;
            var number = v[document.NumberSlot];
            documents.StartRow();
            documents.Write(v[document.IdSlot], NpgsqlDbType.Text);
            documents.Write(document.Kind.ToString(), NpgsqlDbType.Text);
            documents.Write(document.Series, NpgsqlDbType.Text);
            documents.Write(issued.Year, NpgsqlDbType.Integer);
            documents.Write(long.Parse(number[(number.LastIndexOf('-') + 1)..], CultureInfo.InvariantCulture), NpgsqlDbType.Bigint);
            documents.Write(number, NpgsqlDbType.Text);
            documents.Write(document.SourceKey.Render(v, shift), NpgsqlDbType.Text);
            documents.Write(customerId, NpgsqlDbType.Text);
            documents.Write(v[OrderSlots.OrderId], NpgsqlDbType.Text);
            documents.Write(document.Currency, NpgsqlDbType.Text);
            documents.Write(document.GrossMinor, NpgsqlDbType.Bigint);
            documents.Write(issued.UtcDateTime, NpgsqlDbType.TimestampTz);
            documents.Write(document.Json.Render(v, shift), NpgsqlDbType.Jsonb);
            Documents++;
            if (document.Kind == BillingDocumentKind.Invoice)
            {
                Invoices++;
            }
        }

        if (template.OpenItem is { } itemTemplate)
        {
            var item = BillingJson.Deserialize<OpenItem>(itemTemplate.Render(v, shift));
            var items = load["open_items"];
            items.StartRow();
            items.Write(item.InvoiceId, NpgsqlDbType.Text);
            items.Write(customerId, NpgsqlDbType.Text);
            items.Write(item.Number, NpgsqlDbType.Text);
            items.Write(item.OrderId, NpgsqlDbType.Text);
            items.Write(item.Purpose.ToString(), NpgsqlDbType.Text);
            items.Write(item.PaymentMethod, NpgsqlDbType.Text);
            items.Write(item.Currency, NpgsqlDbType.Text);
            items.Write(item.GrossMinor, NpgsqlDbType.Bigint);
            items.Write(item.CreditedMinor, NpgsqlDbType.Bigint);
            items.Write(item.PaidMinor, NpgsqlDbType.Bigint);
            items.Write(item.IssuedOn, NpgsqlDbType.Date);
            items.Write(item.DueDate, NpgsqlDbType.Date);
            WriteDate(items, item.DiscountUntil);
            items.Write(item.DiscountBasisPoints, NpgsqlDbType.Integer);
            items.Write(item.DunningLevel, NpgsqlDbType.Integer);
            WriteDate(items, item.LastDunnedOn);
            WriteDate(items, item.SettledOn);
        }

        if (template.BillingEvents is { } eventsTemplate)
        {
            var events = load["billing_events"];
            foreach (var e in BillingJson.Deserialize<List<BillingEvent>>(eventsTemplate.Render(v, shift)))
            {
                events.StartRow();
                events.Write(++BillingEvents, NpgsqlDbType.Bigint);
                events.Write(e.Type, NpgsqlDbType.Text);
                events.Write(customerId, NpgsqlDbType.Text);
                events.Write(e.OrderId, NpgsqlDbType.Text);
                events.Write(e.DocumentId, NpgsqlDbType.Text);
                events.Write(e.PaymentId, NpgsqlDbType.Text);
                events.Write(e.AmountMinor, NpgsqlDbType.Bigint);
                events.Write(e.Currency, NpgsqlDbType.Text);
                events.Write(e.Detail, NpgsqlDbType.Text);
                events.Write(e.OccurredAt.UtcDateTime, NpgsqlDbType.TimestampTz);
            }
        }

        return template.Buyer!.Render(v, shift);
    }

    private static void WriteDate(NpgsqlBinaryImporter import, DateOnly? day)
    {
        if (day is { } value)
        {
            import.Write(value, NpgsqlDbType.Date);
        }
        else
        {
            import.WriteNull();
        }
    }

    /// <summary>What the host stores for a request: a hash of it (here of the order's id: a hash of the whole request would only cost time).</summary>
    private static string Fingerprint(string orderId) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(orderId)));
}
