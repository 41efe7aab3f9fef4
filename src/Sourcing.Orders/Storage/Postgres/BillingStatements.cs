using Npgsql;
using Sourcing.Orders.Billing;

namespace Sourcing.Orders.Storage.Postgres;

/// <summary>
/// The statements of <see cref="PostgresBillingStore"/>'s writes, each one multi-row over arrays (unnest) so a change of
/// hundreds of accounts is still one batch, and the readers of the rows its loads select.
/// </summary>
internal static class BillingStatements
{
    public const string ItemColumns =
        "invoice_id, customer_id, number, order_id, purpose, payment_method, currency, gross_minor, credited_minor, paid_minor, " +
        "issued_on, due_date, discount_until, discount_basis_points, dunning_level, last_dunned_on, settled_on";

    public const string PaymentColumns =
        "id, customer_id, currency, amount_minor, unallocated_minor, source, external_reference, received_on, recorded_at, " +
        "recorded_by, payer_name, remittance_info, order_id";

    public static NpgsqlBatchCommand OwnersCommand(string[] invoiceIds, string[] paymentIds) =>
        Command(
            "SELECT customer_id FROM open_items WHERE invoice_id = ANY($1) UNION SELECT customer_id FROM payments WHERE id = ANY($2)",
            invoiceIds, paymentIds);

    /// <summary>
    /// Creates the missing counters of the documents' series and years and locks them, series and year ascending (after
    /// the account rows, before the feed counter): two changes issuing in the same series never wait in a circle.
    /// </summary>
    public static IEnumerable<NpgsqlBatchCommand> LockCounters(List<BillingDocument> documents)
    {
        var counters = documents.Select(d => (d.Series, d.Year)).Distinct()
            .OrderBy(c => c.Series, StringComparer.Ordinal).ThenBy(c => c.Year).ToList();
        var series = counters.Select(c => c.Series).ToArray();
        var years = counters.Select(c => c.Year).ToArray();

        // Two statements: rows a statement inserts are not visible to its own SELECT, so they would go unlocked.
        yield return Command(
            """
            INSERT INTO document_counters (series, year, last_sequence)
            SELECT k.series, k.year, 0 FROM unnest($1::text[], $2::int[]) AS k(series, year) ORDER BY k.series COLLATE "C", k.year
            ON CONFLICT DO NOTHING
            """,
            series, years);
        yield return Command(
            """
            SELECT 1 FROM document_counters c JOIN unnest($1::text[], $2::int[]) AS k(series, year) ON c.series = k.series AND c.year = k.year
            ORDER BY c.series, c.year FOR UPDATE OF c
            """,
            series, years);
    }

    /// <summary>
    /// Advances each counter by its documents and inserts them with the sequences taken, in the order the change issued
    /// them; the number goes into the row and the stored document. Returns id, sequence and number of each.
    /// </summary>
    public static NpgsqlBatchCommand InsertNumberedDocuments(List<BillingDocument> documents) =>
        Command(
            """
            WITH d AS (
                SELECT d.*, row_number() OVER (PARTITION BY d.series, d.year ORDER BY d.ord) AS r, count(*) OVER (PARTITION BY d.series, d.year) AS n
                FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[],
                            $9::bigint[], $10::timestamptz[], $11::text[])
                    WITH ORDINALITY AS d(id, kind, series, year, source_key, customer_id, order_id, currency, gross_minor, issued_at, document, ord)),
            taken AS (
                UPDATE document_counters c SET last_sequence = c.last_sequence + k.n
                FROM (SELECT DISTINCT series, year, n FROM d) AS k
                WHERE c.series = k.series AND c.year = k.year
                RETURNING c.series, c.year, c.last_sequence - k.n AS base),
            numbered AS (
                SELECT d.*, t.base + d.r AS sequence,
                       d.series || '-' || d.year || '-' || lpad((t.base + d.r)::text, greatest(6, length((t.base + d.r)::text)), '0') AS number
                FROM d JOIN taken t ON t.series = d.series AND t.year = d.year)
            INSERT INTO billing_documents (id, kind, series, year, sequence, number, source_key, customer_id, order_id, currency, gross_minor, issued_at, document)
            SELECT id, kind, series, year, sequence, number, source_key, customer_id, order_id, currency, gross_minor, issued_at,
                   jsonb_set(jsonb_set(document::jsonb, '{sequence}', to_jsonb(sequence)), '{number}', to_jsonb(number))
            FROM numbered ORDER BY ord
            RETURNING id, sequence, number
            """,
            documents.Select(d => d.Id).ToArray(), documents.Select(d => d.Kind.ToString()).ToArray(), documents.Select(d => d.Series).ToArray(),
            documents.Select(d => d.Year).ToArray(), documents.Select(d => d.SourceKey.Length == 0 ? null : d.SourceKey).ToArray(),
            documents.Select(d => d.CustomerId).ToArray(), documents.Select(d => d.OrderId).ToArray(), documents.Select(d => d.Currency).ToArray(),
            documents.Select(d => d.GrossTotalMinor).ToArray(), documents.Select(d => d.IssuedAt.ToUniversalTime()).ToArray(),
            documents.Select(d => BillingJson.Serialize(d)).ToArray());

    public static NpgsqlBatchCommand InsertItems(List<(string CustomerId, OpenItem Item)> items) =>
        Command(
            $"""
            INSERT INTO open_items ({ItemColumns})
            SELECT v.invoice_id, v.customer_id, d.number, v.order_id, v.purpose, v.payment_method, v.currency, v.gross_minor, v.credited_minor,
                   v.paid_minor, v.issued_on, v.due_date, v.discount_until, v.discount_basis_points, v.dunning_level, v.last_dunned_on, v.settled_on
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[], $9::bigint[],
                        $10::bigint[], $11::date[], $12::date[], $13::date[], $14::int[], $15::int[], $16::date[], $17::date[])
                AS v({ItemColumns})
            -- The number the document got a statement earlier in this batch.
            JOIN billing_documents d ON d.id = v.invoice_id
            """,
            [.. ItemValues(items)]);

    public static NpgsqlBatchCommand UpdateItems(List<OpenItem> items) =>
        Command(
            """
            UPDATE open_items o SET number = v.number, order_id = v.order_id, purpose = v.purpose, payment_method = v.payment_method,
                currency = v.currency, gross_minor = v.gross_minor, credited_minor = v.credited_minor, paid_minor = v.paid_minor,
                issued_on = v.issued_on, due_date = v.due_date, discount_until = v.discount_until, discount_basis_points = v.discount_basis_points,
                dunning_level = v.dunning_level, last_dunned_on = v.last_dunned_on, settled_on = v.settled_on
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[], $9::bigint[],
                        $10::bigint[], $11::date[], $12::date[], $13::date[], $14::int[], $15::int[], $16::date[], $17::date[])
                AS v(invoice_id, customer_id, number, order_id, purpose, payment_method, currency, gross_minor, credited_minor, paid_minor,
                     issued_on, due_date, discount_until, discount_basis_points, dunning_level, last_dunned_on, settled_on)
            WHERE o.invoice_id = v.invoice_id
            """,
            // The owner column is not written: an item stays with the customer it was issued to.
            [.. ItemValues(items.Select(i => ("", i)).ToList())]);

    public static IEnumerable<object> ItemValues(List<(string CustomerId, OpenItem Item)> rows)
    {
        var items = rows.Select(r => r.Item).ToList();
        yield return items.Select(i => i.InvoiceId).ToArray();
        yield return rows.Select(r => r.CustomerId).ToArray();
        yield return items.Select(i => i.Number).ToArray();
        yield return items.Select(i => i.OrderId).ToArray();
        yield return items.Select(i => i.Purpose.ToString()).ToArray();
        yield return items.Select(i => i.PaymentMethod).ToArray();
        yield return items.Select(i => i.Currency).ToArray();
        yield return items.Select(i => i.GrossMinor).ToArray();
        yield return items.Select(i => i.CreditedMinor).ToArray();
        yield return items.Select(i => i.PaidMinor).ToArray();
        yield return items.Select(i => i.IssuedOn).ToArray();
        yield return items.Select(i => i.DueDate).ToArray();
        yield return items.Select(i => i.DiscountUntil).ToArray();
        yield return items.Select(i => i.DiscountBasisPoints).ToArray();
        yield return items.Select(i => i.DunningLevel).ToArray();
        yield return items.Select(i => i.LastDunnedOn).ToArray();
        yield return items.Select(i => i.SettledOn).ToArray();
    }

    public static NpgsqlBatchCommand InsertPayments(IReadOnlyList<Payment> payments) =>
        Command(
            $"""
            INSERT INTO payments ({PaymentColumns})
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::text[], $7::text[], $8::date[],
                                 $9::timestamptz[], $10::text[], $11::text[], $12::text[], $13::text[])
            """,
            [.. PaymentValues(payments)]);

    public static NpgsqlBatchCommand UpdatePayments(List<Payment> payments) =>
        Command(
            """
            UPDATE payments p SET customer_id = v.customer_id, currency = v.currency, amount_minor = v.amount_minor,
                unallocated_minor = v.unallocated_minor, source = v.source, received_on = v.received_on, recorded_at = v.recorded_at,
                recorded_by = v.recorded_by, payer_name = v.payer_name, remittance_info = v.remittance_info, order_id = v.order_id
            FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::text[], $7::text[], $8::date[],
                        $9::timestamptz[], $10::text[], $11::text[], $12::text[], $13::text[])
                AS v(id, customer_id, currency, amount_minor, unallocated_minor, source, external_reference, received_on, recorded_at,
                     recorded_by, payer_name, remittance_info, order_id)
            WHERE p.id = v.id
            """,
            [.. PaymentValues(payments)]);

    public static IEnumerable<object> PaymentValues(IReadOnlyList<Payment> payments)
    {
        yield return payments.Select(p => p.Id).ToArray();
        yield return payments.Select(p => p.CustomerId).ToArray();
        yield return payments.Select(p => p.Currency).ToArray();
        yield return payments.Select(p => p.AmountMinor).ToArray();
        yield return payments.Select(p => p.UnallocatedMinor).ToArray();
        yield return payments.Select(p => p.Source.ToString()).ToArray();
        yield return payments.Select(p => p.ExternalReference.Length == 0 ? null : p.ExternalReference).ToArray();
        yield return payments.Select(p => p.ReceivedOn).ToArray();
        yield return payments.Select(p => p.RecordedAt.ToUniversalTime()).ToArray();
        yield return payments.Select(p => p.RecordedBy).ToArray();
        yield return payments.Select(p => p.PayerName).ToArray();
        yield return payments.Select(p => p.RemittanceInfo).ToArray();
        yield return payments.Select(p => p.OrderId).ToArray();
    }

    public static NpgsqlBatchCommand InsertAllocations(List<Allocation> allocations) =>
        Command(
            """
            INSERT INTO allocations (id, payment_id, invoice_id, customer_id, currency, amount_minor, allocated_at, allocated_by)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::timestamptz[], $8::text[])
            """,
            allocations.Select(a => a.Id).ToArray(), allocations.Select(a => a.PaymentId).ToArray(), allocations.Select(a => a.InvoiceId).ToArray(),
            allocations.Select(a => a.CustomerId).ToArray(), allocations.Select(a => a.Currency).ToArray(), allocations.Select(a => a.AmountMinor).ToArray(),
            allocations.Select(a => a.AllocatedAt.ToUniversalTime()).ToArray(), allocations.Select(a => a.AllocatedBy).ToArray());

    public static NpgsqlBatchCommand UpdateHeaders(List<BillingAccount> accounts) =>
        Command(
            """
            UPDATE billing_accounts a SET version = a.version + 1, dunning_level = v.dunning_level, credit_limit_minor = v.credit_limit_minor,
                invoices_paid = v.invoices_paid, invoices_paid_late = v.invoices_paid_late, buyer = v.buyer::jsonb
            FROM unnest($1::text[], $2::int[], $3::bigint[], $4::int[], $5::int[], $6::text[])
                AS v(customer_id, dunning_level, credit_limit_minor, invoices_paid, invoices_paid_late, buyer)
            WHERE a.customer_id = v.customer_id
            RETURNING a.customer_id, a.version
            """,
            accounts.Select(a => a.CustomerId).ToArray(), accounts.Select(a => a.Header.DunningLevel).ToArray(),
            accounts.Select(a => a.Header.CreditLimitMinor).ToArray(), accounts.Select(a => a.Header.InvoicesPaid).ToArray(),
            accounts.Select(a => a.Header.InvoicesPaidLate).ToArray(), accounts.Select(a => BillingJson.Serialize(a.Header.Buyer)).ToArray());

    /// <summary>Takes the next positions from the feed counter (its row stays locked until commit) and appends the events there.</summary>
    public static NpgsqlBatchCommand AppendEvents(IReadOnlyList<BillingEvent> events) =>
        Command(
            """
            WITH feed AS (UPDATE billing_feed_counter SET last_position = last_position + $1::bigint WHERE id = 1 RETURNING last_position - $1::bigint AS base)
            INSERT INTO billing_events (position, type, customer_id, order_id, document_id, payment_id, amount_minor, currency, detail, occurred_at)
            SELECT feed.base + e.n, e.type, e.customer_id, e.order_id, e.document_id, e.payment_id, e.amount_minor, e.currency, e.detail, e.occurred_at
            FROM feed, unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::text[], $9::text[], $10::timestamptz[])
                WITH ORDINALITY AS e(type, customer_id, order_id, document_id, payment_id, amount_minor, currency, detail, occurred_at, n)
            """,
            (long)events.Count, events.Select(e => e.Type).ToArray(), events.Select(e => e.CustomerId).ToArray(), events.Select(e => e.OrderId).ToArray(),
            events.Select(e => e.DocumentId).ToArray(), events.Select(e => e.PaymentId).ToArray(), events.Select(e => e.AmountMinor).ToArray(),
            events.Select(e => e.Currency).ToArray(), events.Select(e => e.Detail).ToArray(), events.Select(e => e.OccurredAt.ToUniversalTime()).ToArray());

    public static AccountHeader ReadHeader(NpgsqlDataReader reader) => new()
    {
        CustomerId = reader.GetString(0),
        Version = reader.GetInt64(1),
        DunningLevel = reader.GetInt32(2),
        CreditLimitMinor = reader.IsDBNull(3) ? null : reader.GetInt64(3),
        InvoicesPaid = reader.GetInt32(4),
        InvoicesPaidLate = reader.GetInt32(5),
        Buyer = BillingJson.Deserialize<BillingParty>(reader.GetString(6)),
    };

    public static (string Owner, OpenItem Item) ReadItem(NpgsqlDataReader reader) => (reader.GetString(1), new OpenItem
    {
        InvoiceId = reader.GetString(0),
        Number = reader.GetString(2),
        OrderId = reader.GetString(3),
        Purpose = Enum.Parse<InvoicePurpose>(reader.GetString(4)),
        PaymentMethod = reader.GetString(5),
        Currency = reader.GetString(6),
        GrossMinor = reader.GetInt64(7),
        CreditedMinor = reader.GetInt64(8),
        PaidMinor = reader.GetInt64(9),
        IssuedOn = reader.GetFieldValue<DateOnly>(10),
        DueDate = reader.GetFieldValue<DateOnly>(11),
        DiscountUntil = reader.IsDBNull(12) ? null : reader.GetFieldValue<DateOnly>(12),
        DiscountBasisPoints = reader.GetInt32(13),
        DunningLevel = reader.GetInt32(14),
        LastDunnedOn = reader.IsDBNull(15) ? null : reader.GetFieldValue<DateOnly>(15),
        SettledOn = reader.IsDBNull(16) ? null : reader.GetFieldValue<DateOnly>(16),
    });

    public static Payment ReadPayment(NpgsqlDataReader reader) => new()
    {
        Id = reader.GetString(0),
        CustomerId = reader.GetString(1),
        Currency = reader.GetString(2),
        AmountMinor = reader.GetInt64(3),
        UnallocatedMinor = reader.GetInt64(4),
        Source = Enum.Parse<PaymentSource>(reader.GetString(5)),
        ExternalReference = reader.IsDBNull(6) ? "" : reader.GetString(6),
        ReceivedOn = reader.GetFieldValue<DateOnly>(7),
        RecordedAt = reader.GetFieldValue<DateTimeOffset>(8),
        RecordedBy = reader.GetString(9),
        PayerName = reader.GetString(10),
        RemittanceInfo = reader.GetString(11),
        OrderId = reader.GetString(12),
    };

    public static NpgsqlBatchCommand Command(string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in Arguments(values))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        return command;
    }

    /// <summary>
    /// The arguments as given. A lone string[] argument arrives as the params array itself (array covariance turns
    /// string[] into object[]), where it is one array-valued parameter ($1::text[]), not one parameter per string.
    /// </summary>
    public static object?[] Arguments(object?[] values) => values.GetType() == typeof(object[]) ? values : [values];
}
