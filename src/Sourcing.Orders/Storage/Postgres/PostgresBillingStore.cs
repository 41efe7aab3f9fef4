using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Sourcing.Orders.Billing;
using static Sourcing.Orders.Storage.Postgres.BillingStatements;

namespace Sourcing.Orders.Storage.Postgres;

/// <summary>
/// Receivables in PostgreSQL, in the orders database and on its connection pool. Every statement is hand-written so a
/// change costs a fixed number of round trips however many accounts it touches: load (insert missing account rows,
/// lock them, read items and payments), writes (multi-row statements over arrays, numbering included), commit.
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

                var results = accounts.Select(account => account.Run(change)).ToList();
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

    /// <summary>Writes everything in one batch, numbering the new documents on the way; returns each changed account's new version.</summary>
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

        // Numbers are taken by the batch itself (the counters locked in series/year order, then the documents inserted
        // with the sequences the counters' UPDATE returns), so a counter stays locked only for this batch and the commit.
        await using var batch = new NpgsqlBatch(connection, transaction);
        var documents = changed.SelectMany(a => a.NewDocuments).ToList();
        if (documents.Count > 0)
        {
            foreach (var command in LockCounters(documents))
            {
                batch.BatchCommands.Add(command);
            }

            batch.BatchCommands.Add(InsertNumberedDocuments(documents));
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

        // Npgsql's reader skips statements that return no rows: with documents, the first results are the counters'
        // lock and the documents' numbers; then the headers' RETURNING.
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        if (documents.Count > 0)
        {
            await reader.NextResultAsync(cancellationToken);
            var numbered = new Dictionary<string, (long Sequence, string Number)>(StringComparer.Ordinal);
            while (await reader.ReadAsync(cancellationToken))
            {
                numbered[reader.GetString(0)] = (reader.GetInt64(1), reader.GetString(2));
            }

            foreach (var document in documents)
            {
                (document.Sequence, document.Number) = numbered[document.Id];
            }

            foreach (var (_, item) in newItems)
            {
                item.Number = numbered[item.InvoiceId].Number;
            }

            await reader.NextResultAsync(cancellationToken);
        }

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

    public Task<IReadOnlyList<Allocation>> ListAllocationsAsync(string customerId, string invoiceId, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<Allocation>>(async connection =>
        {
            await using var command = Query(connection,
                "SELECT id, payment_id, invoice_id, customer_id, currency, amount_minor, allocated_at, allocated_by FROM allocations WHERE customer_id = $1 AND invoice_id = $2 ORDER BY allocated_at, id",
                customerId, invoiceId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var allocations = new List<Allocation>();
            while (await reader.ReadAsync(cancellationToken))
            {
                allocations.Add(new Allocation
                {
                    Id = reader.GetString(0),
                    PaymentId = reader.GetString(1),
                    InvoiceId = reader.GetString(2),
                    CustomerId = reader.GetString(3),
                    Currency = reader.GetString(4),
                    AmountMinor = reader.GetInt64(5),
                    AllocatedAt = reader.GetFieldValue<DateTimeOffset>(6),
                    AllocatedBy = reader.GetString(7),
                });
            }

            return allocations;
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

    public Task<bool> PingAsync(CancellationToken cancellationToken) => PostgresFailures.AnswersAsync(_dataSource, cancellationToken);

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

    // ---- Parameters -----------------------------------------------------------------------------------------------

    private static NpgsqlCommand Query(NpgsqlConnection connection, string sql, params object?[] values)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var value in Arguments(values))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        return command;
    }

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
