using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Sourcing.Orders.Billing;

namespace Sourcing.Orders.Storage.Postgres;

/// <summary>
/// Receivables in PostgreSQL, in the orders database and on its connection pool. Every statement is hand-written so a
/// change costs a fixed number of round trips however many accounts it touches: load (insert missing account rows,
/// lock them, read items and payments), numbers (only when documents were issued), writes (multi-row statements over
/// arrays), commit.
/// </summary>
/// <remarks>
/// <para>
/// Locks are always taken in one order — account rows (customer id, byte-wise), then document counters (series, year),
/// then the feed counter — so two changes never wait on each other in a circle. An invoice or payment asked for by id
/// that belongs to a customer not being changed (an unmatched payment a clerk assigns: its owner is the empty id) has its
/// owner's account row locked too, so two changes of one payment run one after the other.
/// </para>
/// <para>
/// Numbers and feed positions come from counter rows updated inside the transaction (UPDATE ... RETURNING): the row
/// stays locked until commit, so numbers are handed out in commit order, and a transaction that rolls back takes its
/// numbers back with it — numbering has no gap and feed positions never become visible out of order. The feed counter
/// is taken by the last statement before COMMIT, so writers queue on it only for the commit itself.
/// </para>
/// <para>
/// Failures: a unique violation is <see cref="BillingDuplicateException"/>; connection refused, timeouts and a server
/// gone are <see cref="BillingStoreUnavailableException"/>, whose <c>MayHaveApplied</c> is true only when the failure came
/// while committing, when the client cannot know.
/// </para>
/// </remarks>
public sealed class PostgresBillingStore : IBillingStore, IAsyncDisposable
{
    /// <summary>The owner of payments nobody has matched yet; a change assigning one locks its (empty) account row.</summary>
    private const string Unassigned = "";

    private const string ItemColumns =
        "invoice_id, customer_id, number, order_id, purpose, payment_method, currency, gross_minor, credited_minor, paid_minor, " +
        "issued_on, due_date, discount_until, discount_basis_points, dunning_level, last_dunned_on, settled_on";

    private const string PaymentColumns =
        "id, customer_id, currency, amount_minor, unallocated_minor, source, external_reference, received_on, recorded_at, " +
        "recorded_by, payer_name, remittance_info, order_id";

    private readonly NpgsqlDataSource _dataSource;
    private readonly OrderFeedListener _listener;
    private readonly OrdersDataSource? _ownedDataSource;

    public PostgresBillingStore(OrdersDataSource dataSource, ILogger<PostgresBillingStore>? logger = null)
    {
        _dataSource = dataSource.DataSource;
        _listener = new OrderFeedListener(dataSource.Options, (ILogger?)logger ?? NullLogger.Instance, BillingModel.FeedChannel);
    }

    private PostgresBillingStore(OrdersDataSource dataSource, bool ownsDataSource)
        : this(dataSource)
    {
        _ownedDataSource = ownsDataSource ? dataSource : null;
    }

    /// <summary>A store with its own connection pool, for tools and tests without a service container.</summary>
    public static PostgresBillingStore Create(PostgresOrderStoreOptions options) => new(new OrdersDataSource(options), ownsDataSource: true);

    // ---- Changes --------------------------------------------------------------------------------------------------

    public async Task<IReadOnlyList<T>> ChangeAccountsAsync<T>(
        IReadOnlyList<string> customerIds, AccountLoad load, Func<BillingAccount, T> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(customerIds);
        ArgumentNullException.ThrowIfNull(load);
        ArgumentNullException.ThrowIfNull(change);
        var customers = customerIds.Distinct(StringComparer.Ordinal).ToList();
        if (customers.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("A customer id is empty.", nameof(customerIds));
        }

        if (customers.Count == 0)
        {
            return [];
        }

        var invoiceIds = load.InvoiceIds.Distinct(StringComparer.Ordinal).ToArray();
        var paymentIds = load.PaymentIds.Distinct(StringComparer.Ordinal).ToArray();
        while (true)
        {
            List<BillingAccount>? accounts = null;
            var committing = false;
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                accounts = await LoadAsync(connection, transaction, customers, invoiceIds, paymentIds, cancellationToken);
                if (accounts is null)
                {
                    // An owner changed between looking it up and locking: nothing ran; look again.
                    continue;
                }

                var results = accounts.Select(change).ToList();
                CheckUniqueWithin(accounts);
                var versions = await WriteAsync(connection, transaction, accounts, cancellationToken);
                committing = true;
                await transaction.CommitAsync(cancellationToken);
                foreach (var account in accounts)
                {
                    if (versions.TryGetValue(account.CustomerId, out var version))
                    {
                        account.Header.Version = version;
                    }
                }

                return results;
            }
            catch (PostgresException exception) when (exception.SqlState == PostgresFailures.UniqueViolation)
            {
                ForgetNumbers(accounts);
                throw await DuplicateAsync(exception, accounts!.SelectMany(a => a.NewDocuments).ToList(), accounts!.SelectMany(a => a.NewPayments).ToList(), cancellationToken);
            }
            catch (Exception exception) when (PostgresFailures.IsUnavailable(exception))
            {
                ForgetNumbers(accounts);
                throw Unavailable(exception, mayHaveApplied: committing);
            }
            catch
            {
                ForgetNumbers(accounts);
                throw;
            }
        }
    }

    /// <summary>
    /// Creates missing account rows and locks every account row concerned in customer-id order, then reads the
    /// accounts. Null when an invoice or payment asked for by id changed owner before the locks were held.
    /// </summary>
    private static async Task<List<BillingAccount>?> LoadAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<string> customers, string[] invoiceIds, string[] paymentIds,
        CancellationToken cancellationToken)
    {
        var askedById = invoiceIds.Length + paymentIds.Length > 0;
        var held = new HashSet<string>(customers, StringComparer.Ordinal);
        if (askedById)
        {
            await using var owners = new NpgsqlBatch(connection, transaction) { BatchCommands = { OwnersCommand(invoiceIds, paymentIds) } };
            await using var reader = await owners.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                held.Add(reader.GetString(0));
            }
        }

        var lockOrder = held.Order(StringComparer.Ordinal).ToArray();
        var customerArray = customers.ToArray();
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                Command(
                    """
                    INSERT INTO billing_accounts (customer_id, version, dunning_level, credit_limit_minor, invoices_paid, invoices_paid_late, buyer)
                    SELECT c, 0, 0, NULL, 0, 0, '{}'::jsonb FROM unnest($1::text[]) AS c ORDER BY c COLLATE "C"
                    ON CONFLICT DO NOTHING
                    """,
                    lockOrder),
                Command(
                    """
                    SELECT customer_id, version, dunning_level, credit_limit_minor, invoices_paid, invoices_paid_late, buyer::text
                    FROM billing_accounts WHERE customer_id = ANY($1) ORDER BY customer_id FOR UPDATE
                    """,
                    lockOrder),
                OwnersCommand(invoiceIds, paymentIds),
                Command(
                    $"""
                    SELECT {ItemColumns} FROM open_items WHERE customer_id = ANY($1) AND settled_on IS NULL
                    UNION SELECT {ItemColumns} FROM open_items WHERE invoice_id = ANY($2)
                    ORDER BY issued_on, invoice_id
                    """,
                    customerArray, invoiceIds),
                Command(
                    $"""
                    SELECT {PaymentColumns} FROM payments WHERE customer_id = ANY($1) AND unallocated_minor <> 0
                    UNION SELECT {PaymentColumns} FROM payments WHERE id = ANY($2)
                    ORDER BY id
                    """,
                    customerArray, paymentIds),
            },
        };

        await using var rows = await batch.ExecuteReaderAsync(cancellationToken);
        var headers = new Dictionary<string, AccountHeader>(StringComparer.Ordinal);
        while (await rows.ReadAsync(cancellationToken))
        {
            var header = ReadHeader(rows);
            headers[header.CustomerId] = header;
        }

        await rows.NextResultAsync(cancellationToken);
        var ownersNow = new List<string>();
        while (await rows.ReadAsync(cancellationToken))
        {
            ownersNow.Add(rows.GetString(0));
        }

        var items = new List<(string Owner, OpenItem Item)>();
        await rows.NextResultAsync(cancellationToken);
        while (await rows.ReadAsync(cancellationToken))
        {
            items.Add(ReadItem(rows));
        }

        var payments = new List<Payment>();
        await rows.NextResultAsync(cancellationToken);
        while (await rows.ReadAsync(cancellationToken))
        {
            payments.Add(ReadPayment(rows));
        }

        if (!ownersNow.All(held.Contains))
        {
            return null;
        }

        // An invoice or payment asked for by id goes to its owner's account when the owner is being changed, else to the
        // first. Grouped in one pass: a dunning page (200 customers, hundreds of items) must not cost customers × items
        // × customers comparisons.
        var changing = customers.ToHashSet(StringComparer.Ordinal);
        string AccountOf(string owner) => changing.Contains(owner) && headers.ContainsKey(owner) ? owner : customers[0];
        var itemsOf = items.ToLookup(i => AccountOf(i.Owner), i => i.Item, StringComparer.Ordinal);
        var paymentsOf = payments.ToLookup(p => AccountOf(p.CustomerId), StringComparer.Ordinal);
        return customers.Select(customer => new BillingAccount(headers[customer], itemsOf[customer], paymentsOf[customer])).ToList();
    }

    private static NpgsqlBatchCommand OwnersCommand(string[] invoiceIds, string[] paymentIds) =>
        Command(
            "SELECT customer_id FROM open_items WHERE invoice_id = ANY($1) UNION SELECT customer_id FROM payments WHERE id = ANY($2)",
            invoiceIds, paymentIds);

    /// <summary>Two documents or payments of one change with one key: refused before anything is written.</summary>
    private static void CheckUniqueWithin(List<BillingAccount> accounts)
    {
        var documents = accounts.SelectMany(a => a.NewDocuments).ToList();
        var payments = accounts.SelectMany(a => a.NewPayments).ToList();
        if (documents.Where(d => d.SourceKey.Length > 0).GroupBy(d => (d.Kind, d.SourceKey)).FirstOrDefault(g => g.Count() > 1) is { } key)
        {
            throw new BillingDuplicateException($"{key.Key.Kind} for {key.Key.SourceKey}");
        }

        if (payments.Where(p => p.ExternalReference.Length > 0).GroupBy(p => p.ExternalReference, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } reference)
        {
            throw new BillingDuplicateException($"payment reference {reference.Key}");
        }

        if (documents.Select(d => d.Id).Concat(payments.Select(p => p.Id)).GroupBy(id => id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } id)
        {
            throw new BillingDuplicateException($"id {id.Key}");
        }
    }

    /// <summary>Numbers the new documents, then writes everything in one batch; returns each changed account's new version.</summary>
    private static async Task<Dictionary<string, long>> WriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<BillingAccount> accounts, CancellationToken cancellationToken)
    {
        var changed = accounts.Where(a => a.HasChanges).ToList();
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        if (changed.Count == 0)
        {
            return versions;
        }

        foreach (var account in changed)
        {
            foreach (var document in account.NewDocuments.Where(d => d.CustomerId.Length == 0))
            {
                document.CustomerId = account.CustomerId;
            }

            foreach (var allocation in account.NewAllocations.Where(a => a.CustomerId.Length == 0))
            {
                allocation.CustomerId = account.CustomerId;
            }
        }

        await NumberAsync(connection, transaction, changed, cancellationToken);

        await using var batch = new NpgsqlBatch(connection, transaction);
        var documents = changed.SelectMany(a => a.NewDocuments).ToList();
        if (documents.Count > 0)
        {
            batch.BatchCommands.Add(InsertDocuments(documents));
        }

        var newItems = changed.SelectMany(a => NewItems(a).Select(item => (a.CustomerId, Item: item))).ToList();
        if (newItems.Count > 0)
        {
            batch.BatchCommands.Add(InsertItems(newItems));
        }

        var changedItems = changed.SelectMany(a => a.ChangedItems).ToList();
        if (changedItems.Count > 0)
        {
            batch.BatchCommands.Add(UpdateItems(changedItems));
        }

        var newPayments = changed.SelectMany(a => a.NewPayments).ToList();
        if (newPayments.Count > 0)
        {
            batch.BatchCommands.Add(InsertPayments(newPayments));
        }

        var changedPayments = changed.SelectMany(a => a.ChangedPayments).ToList();
        if (changedPayments.Count > 0)
        {
            batch.BatchCommands.Add(UpdatePayments(changedPayments));
        }

        var allocations = changed.SelectMany(a => a.NewAllocations).ToList();
        if (allocations.Count > 0)
        {
            batch.BatchCommands.Add(InsertAllocations(allocations));
        }

        batch.BatchCommands.Add(UpdateHeaders(changed));

        var events = changed.SelectMany(a => a.NewEvents).ToList();
        if (events.Count > 0)
        {
            // Last before COMMIT: the feed counter's row lock is held only for the commit.
            batch.BatchCommands.Add(AppendEvents(events));
            batch.BatchCommands.Add(Command($"SELECT pg_notify('{BillingModel.FeedChannel}', '')"));
        }

        // Npgsql's reader skips statements that return no rows: the first result is the headers' RETURNING.
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            versions[reader.GetString(0)] = reader.GetInt64(1);
        }

        while (await reader.NextResultAsync(cancellationToken))
        {
        }

        return versions;
    }

    /// <summary>The invoices' items a change added (AddDocument puts them into Items; the store writes them as new rows).</summary>
    private static IEnumerable<OpenItem> NewItems(BillingAccount account)
    {
        var invoiceIds = account.NewDocuments.Where(d => d.Kind == BillingDocumentKind.Invoice).Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        return account.Items.Where(i => invoiceIds.Contains(i.InvoiceId));
    }

    /// <summary>
    /// Takes the numbers of the new documents from their series' counters (after the account locks, series and year
    /// ascending) and writes them into the documents and their items.
    /// </summary>
    private static async Task NumberAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<BillingAccount> accounts, CancellationToken cancellationToken)
    {
        var documents = accounts.SelectMany(a => a.NewDocuments).ToList();
        if (documents.Count == 0)
        {
            return;
        }

        var counters = documents.GroupBy(d => (d.Series, d.Year))
            .OrderBy(g => g.Key.Series, StringComparer.Ordinal).ThenBy(g => g.Key.Year)
            .ToList();
        var series = counters.Select(c => c.Key.Series).ToArray();
        var years = counters.Select(c => c.Key.Year).ToArray();
        var counts = counters.Select(c => (long)c.Count()).ToArray();
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                Command(
                    """
                    INSERT INTO document_counters (series, year, last_sequence)
                    SELECT k.series, k.year, 0 FROM unnest($1::text[], $2::int[]) AS k(series, year) ORDER BY k.series COLLATE "C", k.year
                    ON CONFLICT DO NOTHING
                    """,
                    series, years),
                Command(
                    """
                    SELECT 1 FROM document_counters c JOIN unnest($1::text[], $2::int[]) AS k(series, year) ON c.series = k.series AND c.year = k.year
                    ORDER BY c.series, c.year FOR UPDATE OF c
                    """,
                    series, years),
                Command(
                    """
                    UPDATE document_counters c SET last_sequence = c.last_sequence + k.n
                    FROM unnest($1::text[], $2::int[], $3::bigint[]) AS k(series, year, n)
                    WHERE c.series = k.series AND c.year = k.year
                    RETURNING c.series, c.year, c.last_sequence
                    """,
                    series, years, counts),
            },
        };

        var last = new Dictionary<(string, int), long>();
        // Npgsql's reader skips statements that return no rows: the first result is the locking SELECT, the second the UPDATE's.
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                last[(reader.GetString(0), reader.GetInt32(1))] = reader.GetInt64(2);
            }
        }

        foreach (var counter in counters)
        {
            var next = last[counter.Key] - counter.Count() + 1;
            foreach (var document in counter)
            {
                document.Sequence = next++;
                document.Number = BillingJson.FormatNumber(document.Series, document.Year, document.Sequence);
            }
        }

        foreach (var account in accounts)
        {
            var numbers = account.NewDocuments.ToDictionary(d => d.Id, d => d.Number, StringComparer.Ordinal);
            foreach (var item in NewItems(account))
            {
                item.Number = numbers[item.InvoiceId];
            }
        }
    }

    /// <summary>A change that did not commit issued nothing: its documents lose the numbers the rolled-back transaction took.</summary>
    private static void ForgetNumbers(List<BillingAccount>? accounts)
    {
        foreach (var account in accounts ?? [])
        {
            foreach (var item in NewItems(account))
            {
                item.Number = "";
            }

            foreach (var document in account.NewDocuments)
            {
                document.Sequence = 0;
                document.Number = "";
            }
        }
    }

    private static NpgsqlBatchCommand InsertDocuments(List<BillingDocument> documents) =>
        Command(
            """
            INSERT INTO billing_documents (id, kind, series, year, sequence, number, source_key, customer_id, order_id, currency, gross_minor, issued_at, document)
            SELECT d.id, d.kind, d.series, d.year, d.sequence, d.number, d.source_key, d.customer_id, d.order_id, d.currency, d.gross_minor, d.issued_at, d.document::jsonb
            FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::bigint[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
                        $11::bigint[], $12::timestamptz[], $13::text[])
                AS d(id, kind, series, year, sequence, number, source_key, customer_id, order_id, currency, gross_minor, issued_at, document)
            """,
            documents.Select(d => d.Id).ToArray(), documents.Select(d => d.Kind.ToString()).ToArray(), documents.Select(d => d.Series).ToArray(),
            documents.Select(d => d.Year).ToArray(), documents.Select(d => d.Sequence).ToArray(), documents.Select(d => d.Number).ToArray(),
            documents.Select(d => d.SourceKey.Length == 0 ? null : d.SourceKey).ToArray(), documents.Select(d => d.CustomerId).ToArray(),
            documents.Select(d => d.OrderId).ToArray(), documents.Select(d => d.Currency).ToArray(), documents.Select(d => d.GrossTotalMinor).ToArray(),
            documents.Select(d => d.IssuedAt.ToUniversalTime()).ToArray(), documents.Select(d => BillingJson.Serialize(d)).ToArray());

    private static NpgsqlBatchCommand InsertItems(List<(string CustomerId, OpenItem Item)> items) =>
        Command(
            $"""
            INSERT INTO open_items ({ItemColumns})
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[], $9::bigint[],
                                 $10::bigint[], $11::date[], $12::date[], $13::date[], $14::int[], $15::int[], $16::date[], $17::date[])
            """,
            [.. ItemValues(items)]);

    private static NpgsqlBatchCommand UpdateItems(List<OpenItem> items) =>
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

    private static IEnumerable<object> ItemValues(List<(string CustomerId, OpenItem Item)> rows)
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

    private static NpgsqlBatchCommand InsertPayments(IReadOnlyList<Payment> payments) =>
        Command(
            $"""
            INSERT INTO payments ({PaymentColumns})
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::text[], $7::text[], $8::date[],
                                 $9::timestamptz[], $10::text[], $11::text[], $12::text[], $13::text[])
            """,
            [.. PaymentValues(payments)]);

    private static NpgsqlBatchCommand UpdatePayments(List<Payment> payments) =>
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

    private static IEnumerable<object> PaymentValues(IReadOnlyList<Payment> payments)
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

    private static NpgsqlBatchCommand InsertAllocations(List<Allocation> allocations) =>
        Command(
            """
            INSERT INTO allocations (id, payment_id, invoice_id, customer_id, currency, amount_minor, allocated_at, allocated_by)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::timestamptz[], $8::text[])
            """,
            allocations.Select(a => a.Id).ToArray(), allocations.Select(a => a.PaymentId).ToArray(), allocations.Select(a => a.InvoiceId).ToArray(),
            allocations.Select(a => a.CustomerId).ToArray(), allocations.Select(a => a.Currency).ToArray(), allocations.Select(a => a.AmountMinor).ToArray(),
            allocations.Select(a => a.AllocatedAt.ToUniversalTime()).ToArray(), allocations.Select(a => a.AllocatedBy).ToArray());

    private static NpgsqlBatchCommand UpdateHeaders(List<BillingAccount> accounts) =>
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
    private static NpgsqlBatchCommand AppendEvents(IReadOnlyList<BillingEvent> events) =>
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

    /// <summary>After a unique violation (the transaction is gone): names the key that exists already.</summary>
    private async Task<BillingDuplicateException> DuplicateAsync(
        PostgresException violation, List<BillingDocument> documents, List<Payment> payments, CancellationToken cancellationToken)
    {
        var fallback = new BillingDuplicateException(violation.ConstraintName ?? "a unique key");
        try
        {
            switch (violation.ConstraintName)
            {
                case BillingModel.DocumentSourceKeyIndex:
                    foreach (var document in documents.Where(d => d.SourceKey.Length > 0))
                    {
                        if (await FindDocumentAsync(document.Kind, document.SourceKey, cancellationToken) is not null)
                        {
                            return new BillingDuplicateException($"{document.Kind} for {document.SourceKey}");
                        }
                    }

                    break;
                case BillingModel.PaymentReferenceIndex:
                    var found = await FindPaymentReferencesAsync(payments.Select(p => p.ExternalReference).Where(r => r.Length > 0).ToList(), cancellationToken);
                    if (found.Count > 0)
                    {
                        return new BillingDuplicateException($"payment reference {found.Order(StringComparer.Ordinal).First()}");
                    }

                    break;
            }
        }
        catch (BillingStoreUnavailableException)
        {
            // The key could not be named: the duplicate is still what happened.
        }

        return fallback;
    }

    public async Task RecordUnassignedPaymentsAsync(IReadOnlyList<Payment> payments, IReadOnlyList<BillingEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payments);
        ArgumentNullException.ThrowIfNull(events);
        if (payments.Count == 0 && events.Count == 0)
        {
            return;
        }

        if (payments.Where(p => p.ExternalReference.Length > 0).GroupBy(p => p.ExternalReference, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } repeated)
        {
            throw new BillingDuplicateException($"payment reference {repeated.Key}");
        }

        var committing = false;
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var batch = new NpgsqlBatch(connection, transaction);
            if (payments.Count > 0)
            {
                batch.BatchCommands.Add(InsertPayments(payments));
            }

            if (events.Count > 0)
            {
                batch.BatchCommands.Add(AppendEvents(events));
                batch.BatchCommands.Add(Command($"SELECT pg_notify('{BillingModel.FeedChannel}', '')"));
            }

            await batch.ExecuteNonQueryAsync(cancellationToken);
            committing = true;
            await transaction.CommitAsync(cancellationToken);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresFailures.UniqueViolation)
        {
            throw await DuplicateAsync(exception, [], [.. payments], cancellationToken);
        }
        catch (Exception exception) when (PostgresFailures.IsUnavailable(exception))
        {
            throw Unavailable(exception, mayHaveApplied: committing);
        }
    }

    // ---- Reads ----------------------------------------------------------------------------------------------------

    public Task<BillingAccount?> GetAccountAsync(string customerId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(customerId))
        {
            return Task.FromResult<BillingAccount?>(null);
        }

        return ReadAsync<BillingAccount?>(async connection =>
        {
            await using var batch = new NpgsqlBatch(connection)
            {
                BatchCommands =
                {
                    Command(
                        "SELECT customer_id, version, dunning_level, credit_limit_minor, invoices_paid, invoices_paid_late, buyer::text FROM billing_accounts WHERE customer_id = $1",
                        customerId),
                    Command($"SELECT {ItemColumns} FROM open_items WHERE customer_id = $1 AND settled_on IS NULL ORDER BY issued_on, invoice_id", customerId),
                    Command($"SELECT {PaymentColumns} FROM payments WHERE customer_id = $1 AND unallocated_minor <> 0 ORDER BY id", customerId),
                },
            };
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            var header = ReadHeader(reader);
            var items = new List<OpenItem>();
            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(ReadItem(reader).Item);
            }

            var payments = new List<Payment>();
            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                payments.Add(ReadPayment(reader));
            }

            return new BillingAccount(header, items, payments);
        });
    }

    public Task<BillingDocument?> GetDocumentAsync(string documentId, CancellationToken cancellationToken) =>
        ReadDocumentAsync("SELECT document::text FROM billing_documents WHERE id = $1", [documentId], cancellationToken);

    public Task<BillingDocument?> FindDocumentAsync(BillingDocumentKind kind, string sourceKey, CancellationToken cancellationToken) =>
        ReadDocumentAsync("SELECT document::text FROM billing_documents WHERE kind = $1 AND source_key = $2", [kind.ToString(), sourceKey], cancellationToken);

    public Task<BillingDocument?> FindDocumentByNumberAsync(string number, CancellationToken cancellationToken) =>
        ReadDocumentAsync("SELECT document::text FROM billing_documents WHERE number = $1", [number], cancellationToken);

    private Task<BillingDocument?> ReadDocumentAsync(string sql, object[] values, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            await using var command = Query(connection, sql, values);
            return await command.ExecuteScalarAsync(cancellationToken) is string json ? BillingJson.Deserialize<BillingDocument>(json) : null;
        });

    public Task<IReadOnlyDictionary<string, (string InvoiceId, string CustomerId)>> FindInvoicesByNumberAsync(
        IReadOnlyCollection<string> numbers, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyDictionary<string, (string InvoiceId, string CustomerId)>>(async connection =>
        {
            await using var command = Query(connection,
                "SELECT number, id, customer_id FROM billing_documents WHERE number = ANY($1) AND kind = $2",
                numbers.ToArray(), BillingDocumentKind.Invoice.ToString());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var found = new Dictionary<string, (string InvoiceId, string CustomerId)>(StringComparer.Ordinal);
            while (await reader.ReadAsync(cancellationToken))
            {
                found[reader.GetString(0)] = (reader.GetString(1), reader.GetString(2));
            }

            return found;
        });

    public Task<IReadOnlyList<BillingDocument>> ListDocumentsAsync(string customerId, string? orderId, int max, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<BillingDocument>>(async connection =>
        {
            await using var command = Query(connection,
                """
                SELECT document::text FROM billing_documents WHERE customer_id = $1 AND ($2 = '' OR order_id = $2)
                ORDER BY issued_at DESC, id DESC LIMIT $3
                """,
                customerId, orderId ?? "", Math.Max(0, max));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var documents = new List<BillingDocument>();
            while (await reader.ReadAsync(cancellationToken))
            {
                documents.Add(BillingJson.Deserialize<BillingDocument>(reader.GetString(0)));
            }

            return documents;
        });

    public Task<IReadOnlyList<Payment>> ListPaymentsAsync(string customerId, int max, CancellationToken cancellationToken) =>
        ReadPaymentsAsync($"SELECT {PaymentColumns} FROM payments WHERE customer_id = $1 ORDER BY recorded_at DESC, id DESC LIMIT $2",
            [customerId, Math.Max(0, max)], cancellationToken);

    public Task<IReadOnlyList<Payment>> ListUnassignedPaymentsAsync(string? afterPaymentId, int max, CancellationToken cancellationToken) =>
        ReadPaymentsAsync($"SELECT {PaymentColumns} FROM payments WHERE customer_id = '' AND id > $1 ORDER BY id LIMIT $2",
            [afterPaymentId ?? "", Math.Max(0, max)], cancellationToken);

    private Task<IReadOnlyList<Payment>> ReadPaymentsAsync(string sql, object[] values, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<Payment>>(async connection =>
        {
            await using var command = Query(connection, sql, values);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var payments = new List<Payment>();
            while (await reader.ReadAsync(cancellationToken))
            {
                payments.Add(ReadPayment(reader));
            }

            return payments;
        });

    public Task<IReadOnlySet<string>> FindPaymentReferencesAsync(IReadOnlyCollection<string> externalReferences, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlySet<string>>(async connection =>
        {
            await using var command = Query(connection, "SELECT external_reference FROM payments WHERE external_reference = ANY($1)", externalReferences.ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var found = new HashSet<string>(StringComparer.Ordinal);
            while (await reader.ReadAsync(cancellationToken))
            {
                found.Add(reader.GetString(0));
            }

            return found;
        });

    public Task<IReadOnlyList<string>> FindCustomersWithOverdueItemsAsync(DateOnly dueBefore, string afterCustomerId, int max, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<string>>(async connection =>
        {
            await using var command = Query(connection,
                """
                SELECT DISTINCT customer_id FROM open_items
                WHERE settled_on IS NULL AND due_date < $1 AND gross_minor - credited_minor - paid_minor > 0 AND customer_id > $2
                ORDER BY customer_id LIMIT $3
                """,
                dueBefore, afterCustomerId ?? "", Math.Max(0, max));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var customers = new List<string>();
            while (await reader.ReadAsync(cancellationToken))
            {
                customers.Add(reader.GetString(0));
            }

            return customers;
        });

    public Task<IReadOnlyList<LedgerTotals>> GetLedgerTotalsAsync(string customerId, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<LedgerTotals>>(async connection =>
        {
            await using var command = Query(connection,
                """
                WITH documents AS (
                    SELECT currency, sum(gross_minor) FILTER (WHERE kind = 'Invoice') AS invoiced, sum(gross_minor) FILTER (WHERE kind = 'CreditNote') AS credited
                    FROM billing_documents WHERE customer_id = $1 GROUP BY currency),
                allocated AS (SELECT currency, sum(amount_minor) AS allocated FROM allocations WHERE customer_id = $1 GROUP BY currency),
                items AS (SELECT currency, sum(gross_minor - credited_minor - paid_minor) AS open FROM open_items WHERE customer_id = $1 GROUP BY currency),
                paid AS (
                    SELECT p.currency, sum(p.amount_minor) AS amount, sum(p.unallocated_minor) AS unallocated,
                           count(*) FILTER (WHERE CASE WHEN p.amount_minor >= 0 THEN coalesce(a.total, 0) > p.amount_minor ELSE coalesce(a.total, 0) < p.amount_minor END) AS over
                    FROM payments p
                    LEFT JOIN (SELECT payment_id, sum(amount_minor) AS total FROM allocations
                               WHERE payment_id IN (SELECT id FROM payments WHERE customer_id = $1) GROUP BY payment_id) a ON a.payment_id = p.id
                    WHERE p.customer_id = $1 GROUP BY p.currency),
                currencies AS (SELECT currency FROM documents UNION SELECT currency FROM allocated UNION SELECT currency FROM items UNION SELECT currency FROM paid)
                SELECT c.currency, coalesce(d.invoiced, 0)::bigint, coalesce(d.credited, 0)::bigint, coalesce(al.allocated, 0)::bigint,
                       coalesce(i.open, 0)::bigint, coalesce(p.amount, 0)::bigint, coalesce(p.unallocated, 0)::bigint, coalesce(p.over, 0)::int
                FROM currencies c
                LEFT JOIN documents d ON d.currency = c.currency
                LEFT JOIN allocated al ON al.currency = c.currency
                LEFT JOIN items i ON i.currency = c.currency
                LEFT JOIN paid p ON p.currency = c.currency
                ORDER BY c.currency COLLATE "C"
                """,
                customerId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var totals = new List<LedgerTotals>();
            while (await reader.ReadAsync(cancellationToken))
            {
                totals.Add(new LedgerTotals(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4),
                    reader.GetInt64(5), reader.GetInt64(6), reader.GetInt32(7)));
            }

            return totals;
        });

    public Task<IReadOnlyList<long>> ListSequencesAsync(string series, int year, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<long>>(async connection =>
        {
            await using var command = Query(connection, "SELECT sequence FROM billing_documents WHERE series = $1 AND year = $2 ORDER BY sequence", series, year);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var sequences = new List<long>();
            while (await reader.ReadAsync(cancellationToken))
            {
                sequences.Add(reader.GetInt64(0));
            }

            return sequences;
        });

    public Task<IReadOnlyList<StoredBillingEvent>> ReadFeedAsync(long afterPosition, int max, IReadOnlySet<string>? eventTypes, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<StoredBillingEvent>>(async connection =>
        {
            var types = eventTypes is { Count: > 0 } ? eventTypes.ToArray() : null;
            await using var command = Query(connection,
                $"""
                SELECT position, type, occurred_at, customer_id, order_id, document_id, payment_id, amount_minor, currency, detail
                FROM billing_events WHERE position > $1 {(types is null ? "" : "AND type = ANY($3)")}
                ORDER BY position LIMIT $2
                """,
                types is null ? [afterPosition, Math.Max(0, max)] : [afterPosition, Math.Max(0, max), types]);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var events = new List<StoredBillingEvent>();
            while (await reader.ReadAsync(cancellationToken))
            {
                events.Add(new StoredBillingEvent(reader.GetInt64(0), new BillingEvent(
                    reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                    reader.GetString(6), reader.GetInt64(7), reader.GetString(8), reader.GetString(9))));
            }

            return events;
        });

    public Task<long> LatestPositionAsync(CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            // The counter moves only in the transaction that appends: its committed value is the last visible position.
            await using var command = Query(connection, "SELECT last_position FROM billing_feed_counter WHERE id = 1");
            return await command.ExecuteScalarAsync(cancellationToken) is long last ? last : 0;
        });

    public async Task WaitForEventsAsync(long afterPosition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // The signal is taken before the check: an event committed after the check completes it.
        var signal = _listener.NextSignal;
        if (await LatestPositionAsync(cancellationToken) > afterPosition)
        {
            return;
        }

        await Task.WhenAny(signal, Task.Delay(timeout, cancellationToken));
        cancellationToken.ThrowIfCancellationRequested();
    }

    public Task<long> GetCheckpointAsync(string follower, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            await using var command = Query(connection, "SELECT position FROM feed_checkpoints WHERE follower = $1", follower);
            return await command.ExecuteScalarAsync(cancellationToken) is long position ? position : 0;
        });

    public Task SaveCheckpointAsync(string follower, long position, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            await using var command = Query(connection,
                "INSERT INTO feed_checkpoints (follower, position) VALUES ($1, $2) ON CONFLICT (follower) DO UPDATE SET position = excluded.position",
                follower, position);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        });

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var command = _dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return true;
        }
        catch (Exception exception) when (PostgresFailures.IsUnavailable(exception))
        {
            return false;
        }
    }

    /// <summary>One statement outside a transaction (a single statement commits itself, so it cannot be half-applied).</summary>
    private async Task<T> ReadAsync<T>(Func<NpgsqlConnection, Task<T>> read)
    {
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync();
            return await read(connection);
        }
        catch (Exception exception) when (PostgresFailures.IsUnavailable(exception))
        {
            throw Unavailable(exception, mayHaveApplied: false);
        }
    }

    private static BillingStoreUnavailableException Unavailable(Exception exception, bool mayHaveApplied) =>
        new(mayHaveApplied
                ? "The billing database did not confirm the write (the connection failed while committing): it may or may not have been saved."
                : "The billing database could not be reached or did not answer in time.",
            mayHaveApplied,
            exception);

    // ---- Rows -----------------------------------------------------------------------------------------------------

    private static AccountHeader ReadHeader(NpgsqlDataReader reader) => new()
    {
        CustomerId = reader.GetString(0),
        Version = reader.GetInt64(1),
        DunningLevel = reader.GetInt32(2),
        CreditLimitMinor = reader.IsDBNull(3) ? null : reader.GetInt64(3),
        InvoicesPaid = reader.GetInt32(4),
        InvoicesPaidLate = reader.GetInt32(5),
        Buyer = BillingJson.Deserialize<BillingParty>(reader.GetString(6)),
    };

    private static (string Owner, OpenItem Item) ReadItem(NpgsqlDataReader reader) => (reader.GetString(1), new OpenItem
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

    private static Payment ReadPayment(NpgsqlDataReader reader) => new()
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

    // ---- Parameters -----------------------------------------------------------------------------------------------

    private static NpgsqlBatchCommand Command(string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in Arguments(values))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        return command;
    }

    private static NpgsqlCommand Query(NpgsqlConnection connection, string sql, params object?[] values)
    {
        var command = new NpgsqlCommand(sql, connection);
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
    private static object?[] Arguments(object?[] values) => values.GetType() == typeof(object[]) ? values : [values];

    /// <summary>Stops the feed listener (and closes the pool of a store made by <see cref="Create"/>); safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        await _listener.DisposeAsync();
        if (_ownedDataSource is not null)
        {
            await _ownedDataSource.DisposeAsync();
        }
    }
}
