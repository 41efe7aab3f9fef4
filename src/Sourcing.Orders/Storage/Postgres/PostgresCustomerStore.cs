using Npgsql;
using NpgsqlTypes;
using Sourcing.Orders.Customers;

namespace Sourcing.Orders.Storage.Postgres;

/// <summary>
/// Customers in PostgreSQL, in the orders database, on its connection pool. A save is one transaction of two batches:
/// the rows (new ones inserted, changed ones updated only at the version read) and then, once every row was accepted,
/// each saved customer's identity and search rows replaced by those derived from its document.
/// </summary>
/// <remarks>
/// Conflicts are found without relying on errors: an insert that meets an existing id and an identity that meets a
/// holder outside the change are skipped (ON CONFLICT DO NOTHING) and counted, so the store can name the taken id or
/// the holder inside the same transaction before rolling back. Rows are locked in id order, identities inserted in key
/// order, so two saves touching the same customers queue instead of deadlocking. Connection refused, timeouts and a
/// server gone are <see cref="CustomerStoreUnavailableException"/>, whose <c>MayHaveApplied</c> is true only when the
/// failure came while committing.
/// </remarks>
public sealed class PostgresCustomerStore : ICustomerStore, IAsyncDisposable
{
    private const string Deadlock = "40P01";
    private const string SerializationFailure = "40001";

    private readonly NpgsqlDataSource _dataSource;
    private readonly OrdersDataSource? _ownedDataSource;

    public PostgresCustomerStore(OrdersDataSource dataSource)
    {
        _dataSource = dataSource.DataSource;
    }

    private PostgresCustomerStore(OrdersDataSource dataSource, bool ownsDataSource)
        : this(dataSource)
    {
        _ownedDataSource = ownsDataSource ? dataSource : null;
    }

    /// <summary>A store with its own connection pool, for tools and tests without a service container.</summary>
    public static PostgresCustomerStore Create(PostgresOrderStoreOptions options) => new(new OrdersDataSource(options), ownsDataSource: true);

    // ---- Reads ----------------------------------------------------------------------------------------------------

    public Task<StoredCustomer?> GetAsync(string customerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(customerId);
        return ReadAsync(async connection =>
        {
            await using var command = Query(connection, "SELECT document::text, version FROM customers WHERE customer_id = $1", customerId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? Stored(reader) : null;
        });
    }

    public Task<IReadOnlyList<StoredCustomer>> GetManyAsync(IReadOnlyCollection<string> customerIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(customerIds);
        var ids = customerIds.Distinct(StringComparer.Ordinal).ToArray();
        if (ids.Length == 0)
        {
            return Task.FromResult<IReadOnlyList<StoredCustomer>>([]);
        }

        return ReadAsync<IReadOnlyList<StoredCustomer>>(async connection =>
        {
            await using var command = Query(connection, "SELECT document::text, version FROM customers WHERE customer_id = ANY($1)", ids);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var found = new List<StoredCustomer>();
            while (await reader.ReadAsync(cancellationToken))
            {
                found.Add(Stored(reader));
            }

            return found;
        });
    }

    public Task<string?> FindByIdentityAsync(IdentityKind kind, string scope, string value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(value);
        return ReadAsync(async connection =>
        {
            await using var command = Query(connection,
                "SELECT customer_id FROM customer_identities WHERE kind = $1 AND scope = $2 AND value = $3",
                kind.ToString(), scope, CustomerText.IdentityValue(kind, value));
            return (string?)await command.ExecuteScalarAsync(cancellationToken);
        });
    }

    /// <summary>
    /// The trigram thresholds tried before the query's own, highest first: pg_trgm's default word similarity floor. A
    /// page that fills at a higher threshold is the page the query's threshold gives (every hit below it ranks lower),
    /// and the trigram index hands out far fewer candidates there: at 0.3, a common first name alone makes every
    /// customer of that name a candidate to score.
    /// </summary>
    internal static readonly double[] HigherThresholds = [0.6];

    public Task<IReadOnlyList<CustomerSearchHit>> SearchAsync(CustomerTextQuery query, CancellationToken cancellationToken)
    {
        var terms = CustomerSearchTerms.Of(query);
        var textFields = new[] { CustomerSearchField.Name, CustomerSearchField.Email, CustomerSearchField.PostalCode }
            .Where(field => terms.For(field).Length > 0)
            .Select(field => field.ToString())
            .ToArray();
        var phone = terms.For(CustomerSearchField.Phone);
        if (textFields.Length == 0 && phone.Length == 0)
        {
            // Nothing to compare (only punctuation typed, or too few digits for a phone): nothing matches.
            return Task.FromResult<IReadOnlyList<CustomerSearchHit>>([]);
        }

        var thresholds = HigherThresholds.Where(t => t > query.MinSimilarity).Append(query.MinSimilarity).ToList();
        return ReadAsync<IReadOnlyList<CustomerSearchHit>>(async connection =>
        {
            foreach (var threshold in thresholds)
            {
                var hits = await SearchAtAsync(connection, threshold, textFields, terms.Folded, phone, terms.PhoneDigits, query, cancellationToken);
                if (hits.Count == query.Take || threshold == query.MinSimilarity)
                {
                    return hits;
                }
            }

            throw new InvalidOperationException("The query's own threshold is the last one tried.");
        });
    }

    /// <summary>The page of hits scoring at least the threshold.</summary>
    private static async Task<IReadOnlyList<CustomerSearchHit>> SearchAtAsync(
        NpgsqlConnection connection, double threshold, string[] textFields, string folded, string phone, string phoneDigits, CustomerTextQuery query,
        CancellationToken cancellationToken)
    {
        // The thresholds of % and <% are what let the trigram index answer; set for this transaction only.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var text = threshold.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                Command("SELECT set_config('pg_trgm.similarity_threshold', $1, true), set_config('pg_trgm.word_similarity_threshold', $1, true)", text),
                Command(SearchSql, textFields, folded, phone, threshold, query.Take, query.Skip, phoneDigits),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        var hits = new List<CustomerSearchHit>();
        while (await reader.ReadAsync(cancellationToken))
        {
            hits.Add(new CustomerSearchHit(reader.GetString(0), Enum.Parse<CustomerSearchField>(reader.GetString(1)), reader.GetFloat(2)));
        }

        await reader.CloseAsync();
        await transaction.CommitAsync(cancellationToken);
        return hits;
    }

    // Candidates, each through its own index: names, e-mail addresses and postal codes by the trigram index (% and <%
    // at the thresholds set), scored the better of similarity (whole text) and word_similarity (the typed text as part
    // of the entry); phone entries the number or the digits as typed equal or end, b-tree ranges over the reversed
    // digits, scored by the share of the entry's digits typed. The guards on $1 and $3 are parameters alone, so
    // PostgreSQL decides them before any scan (drops the branch from the plan, or checks a "One-Time Filter") and a
    // branch with nothing to look for reads nothing. Then one hit per survivor: its best-scoring entry (then the first
    // field in enum order, as the in-memory store picks).
    internal const string SearchSql =
        """
        SELECT survivor_id, field, score FROM (
            SELECT DISTINCT ON (survivor_id) survivor_id, field, score FROM (
                SELECT survivor_id, field, GREATEST(similarity(text, $2), word_similarity($2, text)) AS score
                FROM customer_search
                WHERE cardinality($1::text[]) > 0 AND field = ANY($1) AND (text % $2 OR $2 <% text)
                UNION ALL
                SELECT survivor_id, field,
                       GREATEST(CASE WHEN right(text, length($3)) = $3 THEN length($3)::real / length(text)::real ELSE 0 END,
                                CASE WHEN right(text, length($7)) = $7 THEN length($7)::real / length(text)::real ELSE 0 END) AS score
                FROM customer_search
                WHERE length($3) > 0 AND field = 'Phone'
                  AND ((reverse(text) ~>=~ reverse($3) AND reverse(text) ~<~ (reverse($3) || ':'))
                    OR (reverse(text) ~>=~ reverse($7) AND reverse(text) ~<~ (reverse($7) || ':')))
            ) candidates
            WHERE score >= $4
            ORDER BY survivor_id, score DESC, array_position(ARRAY['Name', 'Email', 'Phone', 'PostalCode'], field)
        ) best
        ORDER BY score DESC, survivor_id
        LIMIT $5 OFFSET $6
        """;

    public Task<bool> PingAsync(CancellationToken cancellationToken) => PostgresFailures.AnswersAsync(_dataSource, cancellationToken);

    // ---- Save -----------------------------------------------------------------------------------------------------

    public async Task SaveAsync(IReadOnlyList<CustomerChange> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var rows = changes.Select(SavedRow.Of).ToList();
        if (rows.Select(r => r.Id).Distinct(StringComparer.Ordinal).Count() != rows.Count)
        {
            throw new ArgumentException("A customer appears twice in one save.", nameof(changes));
        }

        if (rows.Count == 0)
        {
            return;
        }

        CheckIdentitiesUniqueWithin(rows);
        var committing = false;
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await WriteCustomersAsync(connection, transaction, rows, cancellationToken);
            await WriteIndexesAsync(connection, transaction, rows, cancellationToken);
            committing = true;
            await transaction.CommitAsync(cancellationToken);
        }
        catch (PostgresException exception) when (exception.SqlState is Deadlock or SerializationFailure)
        {
            // Another save of the same customers won: nothing of this one was applied.
            throw new CustomerConcurrencyException(rows[0].Id);
        }
        catch (Exception exception) when (PostgresFailures.IsUnavailable(exception))
        {
            throw Unavailable(exception, mayHaveApplied: committing);
        }
    }

    /// <summary>Two documents of one change claiming one identity: refused before anything is sent.</summary>
    private static void CheckIdentitiesUniqueWithin(List<SavedRow> rows)
    {
        var claimed = new Dictionary<(string Kind, string Scope, string Value), string>();
        foreach (var row in rows)
        {
            foreach (var identity in row.Identities)
            {
                if (claimed.TryGetValue(identity, out var other) && other != row.Id)
                {
                    throw new IdentityTakenException(Enum.Parse<IdentityKind>(identity.Kind), identity.Scope, identity.Value, other);
                }

                claimed[identity] = row.Id;
            }
        }
    }

    /// <summary>
    /// Locks the changed customers in id order, inserts the new ones (skipping taken ids) and updates the changed ones at
    /// the version read; throws (and so rolls back) when any row was not accepted.
    /// </summary>
    private static async Task WriteCustomersAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<SavedRow> rows, CancellationToken cancellationToken)
    {
        var inserts = rows.Where(r => r.ExpectedVersion == 0).ToList();
        var updates = rows.Where(r => r.ExpectedVersion != 0).ToList();
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(Command(
            "SELECT customer_id FROM customers WHERE customer_id = ANY($1) ORDER BY customer_id FOR UPDATE",
            updates.Select(r => r.Id).ToArray()));
        batch.BatchCommands.Add(Command(
            """
            INSERT INTO customers (customer_id, status, version, document, updated_at)
            SELECT id, status, 1, document::jsonb, updated_at FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) AS u(id, status, document, updated_at)
            ORDER BY id
            ON CONFLICT (customer_id) DO NOTHING
            RETURNING customer_id
            """,
            inserts.Select(r => r.Id).ToArray(), inserts.Select(r => r.Status).ToArray(), inserts.Select(r => r.Json).ToArray(),
            inserts.Select(r => r.UpdatedAt).ToArray()));
        batch.BatchCommands.Add(Command(
            """
            UPDATE customers AS c SET status = u.status, version = u.expected + 1, document = u.document::jsonb, updated_at = u.updated_at
            FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::timestamptz[]) AS u(id, expected, status, document, updated_at)
            WHERE c.customer_id = u.id AND c.version = u.expected
            RETURNING c.customer_id
            """,
            updates.Select(r => r.Id).ToArray(), updates.Select(r => r.ExpectedVersion).ToArray(), updates.Select(r => r.Status).ToArray(),
            updates.Select(r => r.Json).ToArray(), updates.Select(r => r.UpdatedAt).ToArray()));

        var inserted = new HashSet<string>(StringComparer.Ordinal);
        var updated = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                inserted.Add(reader.GetString(0));
            }

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                updated.Add(reader.GetString(0));
            }
        }

        foreach (var row in rows)
        {
            if (row.ExpectedVersion == 0 && !inserted.Contains(row.Id))
            {
                throw new CustomerIdTakenException(row.Id);
            }

            if (row.ExpectedVersion != 0 && !updated.Contains(row.Id))
            {
                throw new CustomerConcurrencyException(row.Id);
            }
        }
    }

    /// <summary>
    /// Replaces the saved customers' identity and search rows. An identity another customer holds is skipped by the
    /// insert; its holder is read in the same transaction and the save refused (the caller's dispose rolls back).
    /// </summary>
    private static async Task WriteIndexesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<SavedRow> rows, CancellationToken cancellationToken)
    {
        var ids = rows.Select(r => r.Id).ToArray();
        var identities = rows.SelectMany(r => r.Identities.Select(i => (i.Kind, i.Scope, i.Value, r.Id))).ToList();
        var entries = rows.SelectMany(r => r.Entries).ToList();
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                Command("DELETE FROM customer_identities WHERE customer_id = ANY($1)", ids),
                Command(
                    """
                    INSERT INTO customer_identities (kind, scope, value, customer_id)
                    SELECT kind, scope, value, customer_id FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS u(kind, scope, value, customer_id)
                    ORDER BY kind, scope, value
                    ON CONFLICT (kind, scope, value) DO NOTHING
                    RETURNING kind, scope, value
                    """,
                    identities.Select(i => i.Kind).ToArray(), identities.Select(i => i.Scope).ToArray(), identities.Select(i => i.Value).ToArray(),
                    identities.Select(i => i.Id).ToArray()),
                Command("DELETE FROM customer_search WHERE customer_id = ANY($1)", ids),
                Command(
                    """
                    INSERT INTO customer_search (customer_id, survivor_id, field, text)
                    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
                    """,
                    entries.Select(e => e.CustomerId).ToArray(), entries.Select(e => e.SurvivorId).ToArray(),
                    entries.Select(e => e.Field.ToString()).ToArray(), entries.Select(e => e.Text).ToArray()),
            },
        };

        // Only the identity insert returns rows (kind, scope, value): the deletes and the search insert return none.
        var written = new HashSet<(string, string, string)>();
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            do
            {
                while (reader.FieldCount == 3 && await reader.ReadAsync(cancellationToken))
                {
                    written.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
                }
            }
            while (await reader.NextResultAsync(cancellationToken));
        }

        var taken = identities.FirstOrDefault(i => !written.Contains((i.Kind, i.Scope, i.Value)));
        if (taken.Kind is null)
        {
            return;
        }

        await using var holder = new NpgsqlCommand(
            "SELECT customer_id FROM customer_identities WHERE kind = $1 AND scope = $2 AND value = $3", connection, transaction)
        {
            Parameters = { new() { Value = taken.Kind }, new() { Value = taken.Scope }, new() { Value = taken.Value } },
        };
        var owner = (string?)await holder.ExecuteScalarAsync(cancellationToken) ?? "";
        throw new IdentityTakenException(Enum.Parse<IdentityKind>(taken.Kind), taken.Scope, taken.Value, owner);
    }

    /// <summary>A change as the statements send it: the document serialized, its identities and search entries derived from it.</summary>
    private sealed record SavedRow(
        string Id, long ExpectedVersion, string Status, string Json, DateTimeOffset UpdatedAt,
        IReadOnlyList<(string Kind, string Scope, string Value)> Identities, IReadOnlyList<CustomerSearchEntry> Entries)
    {
        public static SavedRow Of(CustomerChange change)
        {
            ArgumentNullException.ThrowIfNull(change);
            ArgumentNullException.ThrowIfNull(change.Document);
            var document = change.Document;
            if (string.IsNullOrEmpty(document.CustomerId))
            {
                throw new ArgumentException("A customer to save has no id.", nameof(change));
            }

            ArgumentOutOfRangeException.ThrowIfNegative(change.ExpectedVersion, nameof(change.ExpectedVersion));
            var identities = document.Identities
                .Select(i => (i.Kind.ToString(), i.Scope, CustomerText.IdentityValue(i.Kind, i.Value)))
                .Distinct()
                .ToList();
            return new SavedRow(document.CustomerId, change.ExpectedVersion, document.Status.ToString(), CustomerJson.Serialize(document),
                document.UpdatedAt.ToUniversalTime(), identities, CustomerSearchEntry.Of(document));
        }
    }

    // ---- Plumbing -------------------------------------------------------------------------------------------------

    private static StoredCustomer Stored(NpgsqlDataReader reader) => new(CustomerJson.Deserialize(reader.GetString(0)), reader.GetInt64(1));

    /// <summary>Reads on a connection of the pool; a read never applies anything, so its failure never may have.</summary>
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

    private static CustomerStoreUnavailableException Unavailable(Exception exception, bool mayHaveApplied) =>
        new(mayHaveApplied
                ? "The customer database did not confirm the write (the connection failed while committing): it may or may not have been saved."
                : "The customer database could not be reached or did not answer in time.",
            mayHaveApplied,
            exception);

    // The first value is its own parameter: a lone string[] passed to "params object[]" would become the parameter list.
    private static NpgsqlCommand Query(NpgsqlConnection connection, string sql, object first, params object[] rest)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var value in rest.Prepend(first))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }

    private static NpgsqlBatchCommand Command(string sql, object first, params object[] rest)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in rest.Prepend(first))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }

    /// <summary>Closes the pool of a store made by <see cref="Create"/>; safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_ownedDataSource is not null)
        {
            await _ownedDataSource.DisposeAsync();
        }
    }
}
