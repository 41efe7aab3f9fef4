using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using Sourcing.Orders.Billing;
using Sourcing.Orders.Storage;

namespace Sourcing.Benchmarks.Billing;

/// <summary>An invoice the reports seed: one line of goods at 19 %, open and unpaid, purchase on invoice.</summary>
internal sealed record SeedInvoice(
    long Sequence, string CustomerId, long GrossMinor, DateOnly IssuedOn, DateOnly DueDate, int DunningLevel, DateOnly? LastDunnedOn)
{
    /// <summary>Derived from the sequence (the "inv_" + 32 characters of a real id), so every pass over the seed agrees.</summary>
    public string Id => $"inv_{Sequence:D32}";

    public string Number => BillingJson.FormatNumber("RE", IssuedOn.Year, Sequence);

    public string OrderId => $"O-seed-{Sequence:D8}";
}

/// <summary>
/// Fills the real billing tables (as the Billing migration made them) by binary COPY, streaming: rows are written as
/// they are made, so seeding a million items holds one row at a time. Progress goes to stderr.
/// </summary>
internal static class BillingSeed
{
    public static readonly BillingParty Buyer = new() { Name = "Erika Mustermann", Street = "Heidestr. 17", PostalCode = "51147", City = "Köln", Email = "erika@example.org" };

    /// <summary>One account row per customer, at the dunning level its items carry.</summary>
    public static void Accounts(NpgsqlConnection connection, IEnumerable<(string CustomerId, int DunningLevel)> customers)
    {
        var buyer = BillingJson.Serialize(Buyer);
        var clock = Stopwatch.StartNew();
        var rows = 0;
        using (var import = connection.BeginBinaryImport(
            "COPY billing_accounts (customer_id, version, dunning_level, credit_limit_minor, invoices_paid, invoices_paid_late, buyer) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var (customerId, level) in customers)
            {
                import.StartRow();
                import.Write(customerId, NpgsqlDbType.Text);
                import.Write(1L, NpgsqlDbType.Bigint);
                import.Write(level, NpgsqlDbType.Integer);
                import.WriteNull();
                import.Write(0, NpgsqlDbType.Integer);
                import.Write(0, NpgsqlDbType.Integer);
                import.Write(buyer, NpgsqlDbType.Jsonb);
                rows++;
            }

            import.Complete();
        }

        Console.Error.WriteLine($"seeded {rows:N0} accounts in {clock.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>Each invoice's open item (purchase on invoice, 2 % Skonto within 7 days, 14 days net).</summary>
    public static void Items(NpgsqlConnection connection, IEnumerable<SeedInvoice> invoices, int expected)
    {
        var clock = Stopwatch.StartNew();
        var rows = 0;
        using (var import = connection.BeginBinaryImport(
            "COPY open_items (invoice_id, customer_id, number, order_id, purpose, payment_method, currency, gross_minor, credited_minor, paid_minor, " +
            "issued_on, due_date, discount_until, discount_basis_points, dunning_level, last_dunned_on, settled_on) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var invoice in invoices)
            {
                import.StartRow();
                import.Write(invoice.Id, NpgsqlDbType.Text);
                import.Write(invoice.CustomerId, NpgsqlDbType.Text);
                import.Write(invoice.Number, NpgsqlDbType.Text);
                import.Write(invoice.OrderId, NpgsqlDbType.Text);
                import.Write(nameof(InvoicePurpose.Goods), NpgsqlDbType.Text);
                import.Write(PaymentMethods.Invoice, NpgsqlDbType.Text);
                import.Write("EUR", NpgsqlDbType.Text);
                import.Write(invoice.GrossMinor, NpgsqlDbType.Bigint);
                import.Write(0L, NpgsqlDbType.Bigint);
                import.Write(0L, NpgsqlDbType.Bigint);
                import.Write(invoice.IssuedOn, NpgsqlDbType.Date);
                import.Write(invoice.DueDate, NpgsqlDbType.Date);
                import.Write(invoice.IssuedOn.AddDays(7), NpgsqlDbType.Date);
                import.Write(200, NpgsqlDbType.Integer);
                import.Write(invoice.DunningLevel, NpgsqlDbType.Integer);
                if (invoice.LastDunnedOn is { } last)
                {
                    import.Write(last, NpgsqlDbType.Date);
                }
                else
                {
                    import.WriteNull();
                }

                import.WriteNull();
                if (++rows % 200_000 == 0)
                {
                    Console.Error.WriteLine($"seeded {rows:N0} / {expected:N0} open items in {clock.Elapsed.TotalSeconds:0.0} s");
                }
            }

            import.Complete();
        }

        Console.Error.WriteLine($"seeded {rows:N0} open items in {clock.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>Each invoice as an issued document (the JSON the store reads back), and the RE counter at the last sequence.</summary>
    public static void Documents(NpgsqlConnection connection, IEnumerable<SeedInvoice> invoices, BillingOptions options, int expected)
    {
        var clock = Stopwatch.StartNew();
        var rows = 0;
        var last = new Dictionary<int, long>();
        using (var import = connection.BeginBinaryImport(
            "COPY billing_documents (id, kind, series, year, sequence, number, source_key, customer_id, order_id, currency, gross_minor, issued_at, document) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var invoice in invoices)
            {
                var document = Document(invoice, options);
                import.StartRow();
                import.Write(document.Id, NpgsqlDbType.Text);
                import.Write(document.Kind.ToString(), NpgsqlDbType.Text);
                import.Write(document.Series, NpgsqlDbType.Text);
                import.Write(document.Year, NpgsqlDbType.Integer);
                import.Write(document.Sequence, NpgsqlDbType.Bigint);
                import.Write(document.Number, NpgsqlDbType.Text);
                import.Write(document.SourceKey, NpgsqlDbType.Text);
                import.Write(document.CustomerId, NpgsqlDbType.Text);
                import.Write(document.OrderId, NpgsqlDbType.Text);
                import.Write(document.Currency, NpgsqlDbType.Text);
                import.Write(document.GrossTotalMinor, NpgsqlDbType.Bigint);
                import.Write(document.IssuedAt, NpgsqlDbType.TimestampTz);
                import.Write(BillingJson.Serialize(document), NpgsqlDbType.Jsonb);
                last[document.Year] = Math.Max(last.GetValueOrDefault(document.Year), document.Sequence);
                if (++rows % 50_000 == 0)
                {
                    Console.Error.WriteLine($"seeded {rows:N0} / {expected:N0} invoices in {clock.Elapsed.TotalSeconds:0.0} s");
                }
            }

            import.Complete();
        }

        foreach (var (year, sequence) in last)
        {
            using var counter = new NpgsqlCommand("INSERT INTO document_counters (series, year, last_sequence) VALUES ('RE', $1, $2)", connection);
            counter.Parameters.AddWithValue(year);
            counter.Parameters.AddWithValue(sequence);
            counter.ExecuteNonQuery();
        }

        Console.Error.WriteLine($"seeded {rows:N0} invoices in {clock.Elapsed.TotalSeconds:0.0} s");
    }

    private static BillingDocument Document(SeedInvoice invoice, BillingOptions options)
    {
        var (net, vat) = VatMath.SplitGross(invoice.GrossMinor, 1900);
        return new BillingDocument
        {
            Id = invoice.Id,
            Kind = BillingDocumentKind.Invoice,
            Series = "RE",
            Year = invoice.IssuedOn.Year,
            Sequence = invoice.Sequence,
            Number = invoice.Number,
            SourceKey = "shipment:S-seed-" + invoice.Sequence.ToString("D8", System.Globalization.CultureInfo.InvariantCulture),
            CustomerId = invoice.CustomerId,
            OrderId = invoice.OrderId,
            Channel = "web",
            ExternalOrderNumber = "WEB-" + invoice.Sequence,
            Currency = "EUR",
            IssuedAt = new DateTimeOffset(invoice.IssuedOn, new TimeOnly(10, 0), TimeSpan.Zero),
            DocumentDate = invoice.IssuedOn,
            DeliveryDate = invoice.IssuedOn,
            Seller = options.Seller,
            Buyer = Buyer,
            Lines = [new BillingDocumentLine { Position = 1, LineId = "1", Sku = "BENCH-0", Description = "Wanderschuh", Quantity = 1, UnitGrossMinor = invoice.GrossMinor, VatRateBasisPoints = 1900, NetMinor = net, VatMinor = vat, GrossMinor = invoice.GrossMinor }],
            VatTotals = [new VatTotal { RateBasisPoints = 1900, NetMinor = net, VatMinor = vat, GrossMinor = invoice.GrossMinor }],
            NetTotalMinor = net,
            VatTotalMinor = vat,
            GrossTotalMinor = invoice.GrossMinor,
            PaymentMethod = PaymentMethods.Invoice,
            Terms = options.Terms,
            DueDate = invoice.DueDate,
            DiscountUntil = invoice.IssuedOn.AddDays(options.Terms.DiscountDays),
        };
    }
}
