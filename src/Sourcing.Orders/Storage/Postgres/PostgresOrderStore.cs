using Sourcing.Orders.Returns;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace Sourcing.Orders.Storage.Postgres;

/// <summary>
/// Orders in PostgreSQL. Reads go through EF Core; writes are hand-written statements on the same connections, so
/// that each write is one transaction of two or three round trips with an exact version check and exact mapping of
/// unique violations.
/// </summary>
/// <remarks>
/// <para>
/// Feed positions: a reader resumes after the last position it saw, so a position must never become visible before
/// a smaller one. Positions from a sequence would break that (transaction A takes 7, B takes 8, B commits first, a
/// reader sees 8 and later skips 7), and numbering events under a lock held to commit serialised every writer: with
/// 32 callers capturing orders, 25 of them waited on that lock and capture stalled at 132 orders/s. So writers leave
/// the position empty and record their transaction id (<c>pg_current_xact_id()</c>); a relay run by the readers
/// (<see cref="PlaceEventsAsync"/>) numbers, in transaction-id order, only the events of transactions older than the
/// oldest one still running (<c>pg_snapshot_xmin</c>): every transaction that could still add an event gets a larger
/// id and so a larger position. Only relays take the feed lock; writers never wait for each other, and their commits
/// share fsyncs again. A transaction left open — in any database of the PostgreSQL cluster, since transaction ids are cluster-wide — holds the feed back (never out of order) until it ends.
/// </para>
/// <para>
/// Failures: connection refused, timeouts and a server gone become <see cref="OrderStoreUnavailableException"/>;
/// <c>MayHaveApplied</c> is true only when the failure came while committing, when the client cannot know.
/// </para>
/// </remarks>
public sealed class PostgresOrderStore : IOrderStore, IAsyncDisposable
{
    // Any constant unique to this lock within the database (the feed's name, as bytes).
    private const long FeedLockKey = 0x6F726465725F6576; // "order_ev"

    private readonly NpgsqlDataSource _dataSource;
    private readonly IDbContextFactory<OrdersDbContext> _contexts;
    private readonly OrderFeedListener _listener;
    private readonly OrdersDataSource? _ownedDataSource;

    public PostgresOrderStore(OrdersDataSource dataSource, IDbContextFactory<OrdersDbContext> contexts, ILogger<PostgresOrderStore>? logger = null)
    {
        _dataSource = dataSource.DataSource;
        _contexts = contexts;
        _listener = new OrderFeedListener(dataSource.Options, (ILogger?)logger ?? NullLogger.Instance);
    }

    private PostgresOrderStore(OrdersDataSource dataSource, IDbContextFactory<OrdersDbContext> contexts, bool ownsDataSource)
        : this(dataSource, contexts)
    {
        _ownedDataSource = ownsDataSource ? dataSource : null;
    }

    /// <summary>A store with its own connection pool, for tools and tests without a service container.</summary>
    public static PostgresOrderStore Create(PostgresOrderStoreOptions options)
    {
        var dataSource = new OrdersDataSource(options);
        var builder = new DbContextOptionsBuilder<OrdersDbContext>();
        OrdersDatabase.Configure(builder, dataSource.DataSource, options.CommandTimeout);
        return new PostgresOrderStore(dataSource, new PooledDbContextFactory<OrdersDbContext>(builder.Options), ownsDataSource: true);
    }

    // ---- Writes ---------------------------------------------------------------------------------------------------

    public async Task InsertAsync(Order order, string requestId, string fingerprint, CancellationToken cancellationToken)
    {
        var projection = order.Project();
        try
        {
            await WriteAsync(order, async (connection, transaction) =>
            {
                // The request first: a repeated request reports itself as such even when its order exists too.
                await using var batch = new NpgsqlBatch(connection, transaction)
                {
                    BatchCommands =
                    {
                        Command(
                            "INSERT INTO order_requests (channel, request_id, order_id, fingerprint) VALUES ($1, $2, $3, $4)",
                            order.Channel, requestId, order.Id, fingerprint),
                        Command(
                            """
                            INSERT INTO orders (order_id, channel, external_order_number, customer_id, status, total_minor, currency,
                                                created_at, updated_at, version, unfinished, backordered_skus, earliest_hold_expiry, document,
                                                units_shipped, units_returned, shipped_value_minor, returned_value_minor)
                            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, $10, $11, $12, $13, $14, $15, $16, $17)
                            """,
                            order.Id, order.Channel, order.Document.ExternalOrderNumber, projection.CustomerId, projection.Status.ToString(),
                            projection.TotalMinor, order.Document.Currency, Utc(order.Document.CreatedAt), Utc(order.Document.UpdatedAt),
                            projection.Unfinished, projection.BackorderedSkus.ToArray(), Nullable(projection.EarliestHoldExpiry), Json(order),
                            projection.UnitsShipped, projection.UnitsReturned, projection.ShippedValueMinor, projection.ReturnedValueMinor),
                    },
                };
                await batch.ExecuteNonQueryAsync(cancellationToken);
            }, projection.Returns, cancellationToken);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresFailures.UniqueViolation && exception.ConstraintName == OrdersDbContext.RequestsPrimaryKey)
        {
            throw new OrderRequestConflictException(requestId);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresFailures.UniqueViolation && exception.ConstraintName == OrdersDbContext.ExternalNumberIndex)
        {
            // The other order committed (a unique check waits for the other transaction), so it can be read now.
            var existing = await ExistingOrderIdAsync(order.Channel, order.Document.ExternalOrderNumber, cancellationToken);
            throw new OrderAlreadyExistsException(order.Channel, order.Document.ExternalOrderNumber, existing ?? "(unknown)");
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresFailures.UniqueViolation && exception.ConstraintName == OrdersDbContext.OrdersPrimaryKey)
        {
            throw new OrderAlreadyExistsException(order.Channel, order.Document.ExternalOrderNumber, order.Id);
        }
    }

    public Task SaveAsync(Order order, CancellationToken cancellationToken)
    {
        var projection = order.Project();
        return WriteAsync(order, async (connection, transaction) =>
        {
            await using var update = new NpgsqlCommand(
                """
                UPDATE orders SET customer_id = $3, status = $4, total_minor = $5, currency = $6, updated_at = $7, version = version + 1,
                                  unfinished = $8, backordered_skus = $9, earliest_hold_expiry = $10, document = $11,
                                  units_shipped = $12, units_returned = $13, shipped_value_minor = $14, returned_value_minor = $15
                WHERE order_id = $1 AND version = $2
                """,
                connection, transaction)
            {
                Parameters =
                {
                    Value(order.Id), Value(order.Version), Value(projection.CustomerId), Value(projection.Status.ToString()),
                    Value(projection.TotalMinor), Value(order.Document.Currency), Value(Utc(order.Document.UpdatedAt)),
                    Value(projection.Unfinished), Value(projection.BackorderedSkus.ToArray()), Value(Nullable(projection.EarliestHoldExpiry)), Value(Json(order)),
                    Value(projection.UnitsShipped), Value(projection.UnitsReturned), Value(projection.ShippedValueMinor), Value(projection.ReturnedValueMinor),
                },
            };
            if (await update.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                throw new OrderConcurrencyException(order.Id, order.Version);
            }
        }, projection.Returns, cancellationToken);
    }

    /// <summary>
    /// One transaction: the order's row (by <paramref name="writeRow"/>), then in one more round trip its returns'
    /// index rows and its events, then commit.
    /// </summary>
    private async Task WriteAsync(
        Order order, Func<NpgsqlConnection, NpgsqlTransaction, Task> writeRow, IReadOnlyList<ReturnProjection> returns, CancellationToken cancellationToken)
    {
        var committing = false;
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await writeRow(connection, transaction);
            if (order.NewEvents.Count > 0 || returns.Count > 0)
            {
                await using var batch = new NpgsqlBatch(connection, transaction);
                if (returns.Count > 0)
                {
                    batch.BatchCommands.Add(UpsertReturns(order, returns));
                }

                if (order.NewEvents.Count > 0)
                {
                    AppendEvents(order, batch);
                }

                await batch.ExecuteNonQueryAsync(cancellationToken);
            }

            committing = true;
            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception exception) when (PostgresFailures.IsUnavailable(exception))
        {
            throw PostgresFailures.Unavailable(exception, mayHaveApplied: committing);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresFailures.UniqueViolation && exception.ConstraintName == OrdersDbContext.ReturnNumberIndex)
        {
            // The transaction is rolled back (disposed above): nothing of this save remains.
            throw ReturnNumbers.Taken(await TakenReturnNumberAsync(returns, cancellationToken));
        }

        order.MarkSaved(order.Version + 1);
    }

    /// <summary>
    /// The order's returns as index rows: inserted, or updated where the return is indexed already. A document never
    /// drops a return, so rows are never deleted. Numbers are stored upper-case; the number's unique index refuses a
    /// number another return holds.
    /// </summary>
    private static NpgsqlBatchCommand UpsertReturns(Order order, IReadOnlyList<ReturnProjection> returns) =>
        Command(
            """
            INSERT INTO order_returns (return_id, number, order_id, channel, customer_id, kind, status, destination_location_id, created_at, due_at, unfinished)
            SELECT r.return_id, r.number, $1, r.channel, r.customer_id, r.kind, r.status, r.destination_location_id, r.created_at, r.due_at, r.unfinished
            FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamptz[], $10::timestamptz[], $11::boolean[])
                AS r(return_id, number, channel, customer_id, kind, status, destination_location_id, created_at, due_at, unfinished)
            ON CONFLICT (return_id) DO UPDATE SET
                number = excluded.number, channel = excluded.channel, customer_id = excluded.customer_id, kind = excluded.kind,
                status = excluded.status, destination_location_id = excluded.destination_location_id, created_at = excluded.created_at,
                due_at = excluded.due_at, unfinished = excluded.unfinished
            """,
            order.Id,
            returns.Select(r => r.ReturnId).ToArray(), returns.Select(r => ReturnNumbers.Canonical(r.Number)).ToArray(),
            returns.Select(r => r.Channel).ToArray(), returns.Select(r => r.CustomerId).ToArray(),
            returns.Select(r => r.Kind.ToString()).ToArray(), returns.Select(r => r.Status.ToString()).ToArray(),
            returns.Select(r => r.DestinationLocationId).ToArray(), returns.Select(r => Utc(r.CreatedAt)).ToArray(),
            new NpgsqlParameter { Value = returns.Select(r => r.DueAt?.ToUniversalTime()).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz },
            returns.Select(r => r.Unfinished).ToArray());

    /// <summary>
    /// After a refused save: which of its numbers another return holds (the unique violation does not say without
    /// error details). A number used twice within the order itself is held by no row: then that one.
    /// </summary>
    private async Task<string> TakenReturnNumberAsync(IReadOnlyList<ReturnProjection> returns, CancellationToken cancellationToken)
    {
        var twice = returns.GroupBy(r => ReturnNumbers.Canonical(r.Number)).FirstOrDefault(g => g.Select(r => r.ReturnId).Distinct().Count() > 1);
        if (twice is not null)
        {
            return twice.First().Number;
        }

        var numbers = returns.Select(r => ReturnNumbers.Canonical(r.Number)).ToList();
        var ids = returns.Select(r => r.ReturnId).ToList();
        var taken = await ReadAsync(db => db.OrderReturns.AsNoTracking()
            .Where(r => numbers.Contains(r.Number) && !ids.Contains(r.ReturnId))
            .Select(r => r.Number)
            .FirstOrDefaultAsync(cancellationToken));
        return returns.FirstOrDefault(r => ReturnNumbers.Canonical(r.Number) == taken)?.Number ?? returns[0].Number;
    }

    private static void AppendEvents(Order order, NpgsqlBatch batch)
    {
        var events = order.NewEvents;

        // Sequences continue the order's history (its row is locked by this transaction, so no one else adds to it).
        // The feed position is left to the relay; the transaction id is recorded by the column's default.
        batch.BatchCommands.Add(Command(
            """
            INSERT INTO order_events (order_id, channel, sequence, type, occurred_at, actor, reason, detail)
            SELECT $1, $2, history.last + e.n, e.type, e.occurred_at, e.actor, e.reason, e.detail
            FROM (SELECT coalesce(max(sequence), 0) AS last FROM order_events WHERE order_id = $1) AS history,
                 unnest($3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::text[])
                     WITH ORDINALITY AS e(type, occurred_at, actor, reason, detail, n)
            """,
            order.Id, order.Channel,
            events.Select(e => e.Type).ToArray(), events.Select(e => Utc(e.OccurredAt)).ToArray(), events.Select(e => e.Actor).ToArray(),
            events.Select(e => e.Reason).ToArray(), events.Select(e => e.Detail).ToArray()));

        // Delivered to listeners only when the transaction commits.
        batch.BatchCommands.Add(Command($"SELECT pg_notify('{OrdersDbContext.FeedChannel}', '')"));
    }

    /// <summary>
    /// The feed's relay: gives positions to the events of every transaction older than the oldest still running, in
    /// transaction-id order (see the remarks on the class). Serialised by the feed lock, which only relays take.
    /// </summary>
    private async Task PlaceEventsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var place = new NpgsqlBatch(connection, transaction)
            {
                BatchCommands =
                {
                    Command($"SELECT pg_advisory_xact_lock({FeedLockKey})"),
                    Command(
                        $"""
                        WITH unplaced AS (
                            SELECT id, row_number() OVER (ORDER BY tx, id) AS n
                            FROM order_events
                            WHERE position IS NULL AND tx < pg_snapshot_xmin(pg_current_snapshot())
                            ORDER BY tx, id
                            LIMIT {MaxPlacedAtOnce}),
                        feed AS (SELECT coalesce(max(position), 0) AS last FROM order_events)
                        UPDATE order_events AS e SET position = feed.last + unplaced.n
                        FROM unplaced, feed
                        WHERE e.id = unplaced.id
                        """),
                },
            };
            await place.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception exception) when (PostgresFailures.IsUnavailable(exception))
        {
            throw PostgresFailures.Unavailable(exception, mayHaveApplied: false);
        }
    }

    /// <summary>Events one relay pass places at most; a reader that wants more relays again.</summary>
    private const int MaxPlacedAtOnce = 10_000;

    private async Task<string?> ExistingOrderIdAsync(string channel, string externalOrderNumber, CancellationToken cancellationToken) =>
        await ReadAsync(db => db.Orders.AsNoTracking()
            .Where(o => o.Channel == channel && o.ExternalOrderNumber == externalOrderNumber)
            .Select(o => o.OrderId)
            .FirstOrDefaultAsync(cancellationToken));

    // ---- Reads ----------------------------------------------------------------------------------------------------

    public Task<Order?> GetAsync(string orderId, CancellationToken cancellationToken) =>
        ReadAsync(async db =>
        {
            var row = await db.Orders.AsNoTracking()
                .Where(o => o.OrderId == orderId)
                .Select(o => new { o.Document, o.Version })
                .FirstOrDefaultAsync(cancellationToken);
            return row is null ? null : Order.Rehydrate(OrderJson.Deserialize(row.Document), row.Version);
        });

    public Task<(string OrderId, string Fingerprint)?> FindByRequestAsync(string channel, string requestId, CancellationToken cancellationToken) =>
        ReadAsync(async db =>
        {
            var row = await db.OrderRequests.AsNoTracking()
                .Where(r => r.Channel == channel && r.RequestId == requestId)
                .FirstOrDefaultAsync(cancellationToken);
            return row is null ? ((string, string)?)null : (row.OrderId, row.Fingerprint);
        });

    public Task<IReadOnlyList<StoredOrderEvent>> GetHistoryAsync(string orderId, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<StoredOrderEvent>>(async db =>
            (await db.OrderEvents.AsNoTracking().Where(e => e.OrderId == orderId).OrderBy(e => e.Sequence).ToListAsync(cancellationToken))
            .Select(e => e.ToStored()).ToList());

    public Task<OrderPage> ListAsync(OrderQuery query, CancellationToken cancellationToken) =>
        ReadAsync(async db =>
        {
            var orders = db.Orders.AsNoTracking();
            if (query.Channel is { } channel)
            {
                orders = orders.Where(o => o.Channel == channel);
            }

            if (query.CustomerId is { } customerId)
            {
                orders = orders.Where(o => o.CustomerId == customerId);
            }

            if (query.Status is { } status)
            {
                var name = status.ToString();
                orders = orders.Where(o => o.Status == name);
            }

            if (query.CreatedFrom is { } from)
            {
                var fromUtc = from.ToUniversalTime();
                orders = orders.Where(o => o.CreatedAt >= fromUtc);
            }

            if (query.CreatedTo is { } to)
            {
                var toUtc = to.ToUniversalTime();
                orders = orders.Where(o => o.CreatedAt < toUtc);
            }

            if (query.After is { } after)
            {
                var afterCreated = after.CreatedAt.ToUniversalTime();
                var afterId = after.OrderId;
                orders = orders.Where(o => o.CreatedAt < afterCreated || (o.CreatedAt == afterCreated && string.Compare(o.OrderId, afterId) < 0));
            }

            var rows = await orders
                .OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.OrderId)
                .Take(query.PageSize + 1)
                .Select(o => new { o.OrderId, o.Channel, o.ExternalOrderNumber, o.CustomerId, o.Status, o.CreatedAt, o.TotalMinor, o.Currency, o.Version })
                .ToListAsync(cancellationToken);
            var summaries = rows.Take(query.PageSize)
                .Select(o => new OrderSummary(o.OrderId, o.Channel, o.ExternalOrderNumber, o.CustomerId, Enum.Parse<OrderStatus>(o.Status),
                    o.CreatedAt, o.TotalMinor, o.Currency, o.Version))
                .ToList();
            var next = rows.Count > query.PageSize ? new OrderPageToken(summaries[^1].CreatedAt, summaries[^1].OrderId) : null;
            return new OrderPage(summaries, next);
        });

    public async Task<IReadOnlyList<StoredOrderEvent>> ReadFeedAsync(long afterPosition, int max, FeedFilter filter, CancellationToken cancellationToken)
    {
        await PlaceEventsAsync(cancellationToken);
        return await ReadAsync<IReadOnlyList<StoredOrderEvent>>(async db =>
        {
            var events = db.OrderEvents.AsNoTracking().Where(e => e.Position > afterPosition);
            if (filter.Channels is { Count: > 0 } channels)
            {
                var wanted = channels.ToList();
                events = events.Where(e => wanted.Contains(e.Channel));
            }

            if (filter.EventTypes is { Count: > 0 } types)
            {
                var wanted = types.ToList();
                events = events.Where(e => wanted.Contains(e.Type));
            }

            var rows = await events.OrderBy(e => e.Position).Take(max).ToListAsync(cancellationToken);
            return rows.Select(e => e.ToStored()).ToList();
        });
    }

    public async Task<long> LatestPositionAsync(CancellationToken cancellationToken)
    {
        await PlaceEventsAsync(cancellationToken);
        return await ReadAsync(db => db.OrderEvents.MaxAsync(e => e.Position, cancellationToken)) ?? 0;
    }

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

    public Task<IReadOnlyList<string>> FindUnfinishedAsync(DateTimeOffset unchangedSince, int max, CancellationToken cancellationToken)
    {
        var since = unchangedSince.ToUniversalTime();
        return ReadAsync<IReadOnlyList<string>>(async db => await db.Orders.AsNoTracking()
            .Where(o => o.Unfinished && o.UpdatedAt <= since)
            .OrderBy(o => o.UpdatedAt).ThenBy(o => o.OrderId)
            .Take(max).Select(o => o.OrderId).ToListAsync(cancellationToken));
    }

    public Task<IReadOnlyList<string>> FindBackorderedAsync(IReadOnlyCollection<string> skus, int max, CancellationToken cancellationToken)
    {
        var wanted = skus.ToArray();
        return ReadAsync<IReadOnlyList<string>>(async db => await db.Orders.AsNoTracking()
            .Where(o => o.BackorderedSkus.Any(sku => wanted.Contains(sku)))
            .OrderBy(o => o.CreatedAt).ThenBy(o => o.OrderId)
            .Take(max).Select(o => o.OrderId).ToListAsync(cancellationToken));
    }

    public Task<IReadOnlyList<string>> FindHoldsExpiringAsync(DateTimeOffset before, int max, CancellationToken cancellationToken)
    {
        var beforeUtc = before.ToUniversalTime();
        return ReadAsync<IReadOnlyList<string>>(async db => await db.Orders.AsNoTracking()
            .Where(o => o.EarliestHoldExpiry != null && o.EarliestHoldExpiry < beforeUtc)
            .OrderBy(o => o.EarliestHoldExpiry).ThenBy(o => o.OrderId)
            .Take(max).Select(o => o.OrderId).ToListAsync(cancellationToken));
    }

    // ---- Returns index ----------------------------------------------------------------------------------------------

    public Task<ReturnProjection?> FindReturnAsync(string returnIdOrNumber, CancellationToken cancellationToken)
    {
        var number = ReturnNumbers.Canonical(returnIdOrNumber);
        return ReadAsync(async db =>
        {
            var row = await db.OrderReturns.AsNoTracking()
                .Where(r => r.ReturnId == returnIdOrNumber || r.Number == number)
                .OrderBy(r => r.ReturnId == returnIdOrNumber ? 0 : 1)
                .FirstOrDefaultAsync(cancellationToken);
            return row is null ? null : Projection(row);
        });
    }

    public Task<ReturnPage> ListReturnsAsync(ReturnQuery query, CancellationToken cancellationToken) =>
        ReadAsync(async db =>
        {
            var returns = db.OrderReturns.AsNoTracking();
            if (query.OrderId is { } orderId)
            {
                returns = returns.Where(r => r.OrderId == orderId);
            }

            if (query.CustomerId is { } customerId)
            {
                returns = returns.Where(r => r.CustomerId == customerId);
            }

            if (query.Channels is { Count: > 0 } channels)
            {
                var wanted = channels.ToList();
                returns = returns.Where(r => wanted.Contains(r.Channel));
            }

            if (query.LocationId is { } locationId)
            {
                returns = returns.Where(r => r.DestinationLocationId == locationId);
            }

            if (query.Status is { } status)
            {
                var name = status.ToString();
                returns = returns.Where(r => r.Status == name);
            }

            if (query.After is { } after)
            {
                var afterCreated = after.CreatedAt.ToUniversalTime();
                var afterId = after.ReturnId;
                returns = returns.Where(r => r.CreatedAt < afterCreated || (r.CreatedAt == afterCreated && string.Compare(r.ReturnId, afterId) < 0));
            }

            var rows = await returns
                .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.ReturnId)
                .Take(query.PageSize + 1)
                .ToListAsync(cancellationToken);
            var page = rows.Take(query.PageSize).Select(Projection).ToList();
            var next = rows.Count > query.PageSize ? new ReturnPageToken(page[^1].CreatedAt, page[^1].ReturnId) : null;
            return new ReturnPage(page, next);
        });

    public Task<IReadOnlyList<ReturnProjection>> FindReturnsDueAsync(DateTimeOffset before, int max, CancellationToken cancellationToken)
    {
        var beforeUtc = before.ToUniversalTime();
        string[] ended = [nameof(ReturnStatus.Closed), nameof(ReturnStatus.Cancelled), nameof(ReturnStatus.Expired)];
        return ReadAsync<IReadOnlyList<ReturnProjection>>(async db => (await db.OrderReturns.AsNoTracking()
                .Where(r => r.DueAt != null && r.DueAt < beforeUtc && !ended.Contains(r.Status))
                .OrderBy(r => r.DueAt).ThenBy(r => r.ReturnId)
                .Take(max).ToListAsync(cancellationToken))
            .Select(Projection).ToList());
    }

    private static ReturnProjection Projection(OrderReturnRow row) =>
        new(row.ReturnId, row.Number, row.OrderId, row.Channel, row.CustomerId, Enum.Parse<ReturnKind>(row.Kind), Enum.Parse<ReturnStatus>(row.Status),
            row.DestinationLocationId, row.CreatedAt, row.DueAt, row.Unfinished);

    // ---- Customers ------------------------------------------------------------------------------------------------

    public Task<CustomerOrderTotals> SummariseCustomersAsync(IReadOnlyCollection<string> customerIds, string currency, CancellationToken cancellationToken) =>
        QueryAsync(async connection =>
        {
            // One pass over the customer's rows (ix_orders_customer_id_created_at_order_id): every order counts, units
            // and values only where they are in the asked currency (sums across currencies would mean nothing).
            await using var command = new NpgsqlCommand(
                """
                SELECT count(*)::int,
                       coalesce(sum(units_shipped) FILTER (WHERE currency = $2), 0)::int,
                       coalesce(sum(units_returned) FILTER (WHERE currency = $2), 0)::int,
                       coalesce(sum(shipped_value_minor) FILTER (WHERE currency = $2), 0)::bigint,
                       coalesce(sum(returned_value_minor) FILTER (WHERE currency = $2), 0)::bigint
                FROM orders
                WHERE customer_id = ANY($1)
                """,
                connection)
            {
                Parameters = { Value(customerIds.ToArray()), Value(currency) },
            };
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            return new CustomerOrderTotals(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt64(3), reader.GetInt64(4));
        }, cancellationToken);

    public Task<IReadOnlyList<string>> FindByExternalNumberAsync(string externalOrderNumber, int max, CancellationToken cancellationToken) =>
        QueryAsync<IReadOnlyList<string>>(async connection =>
        {
            // Matches the expression index ix_orders_lower_external_order_number (created by the CustomerTotals migration).
            await using var command = new NpgsqlCommand(
                "SELECT order_id FROM orders WHERE lower(external_order_number) = lower($1) ORDER BY order_id LIMIT $2", connection)
            {
                Parameters = { Value(externalOrderNumber), Value(Math.Max(0, max)) },
            };
            var ids = new List<string>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetString(0));
            }

            return ids;
        }, cancellationToken);

    public Task<IReadOnlyList<Order>> ListByCustomersAsync(IReadOnlyCollection<string> customerIds, int max, CancellationToken cancellationToken)
    {
        var ids = customerIds.ToArray();
        return ReadAsync<IReadOnlyList<Order>>(async db => (await db.Orders.AsNoTracking()
                .Where(o => ids.Contains(o.CustomerId))
                .OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.OrderId)
                .Take(Math.Max(0, max))
                .Select(o => new { o.Document, o.Version })
                .ToListAsync(cancellationToken))
            .Select(row => Order.Rehydrate(OrderJson.Deserialize(row.Document), row.Version))
            .ToList());
    }

    public Task<IReadOnlyList<StoredOrderEvent>> ListCustomerEventsAsync(
        IReadOnlyCollection<string> customerIds, OrderEventCursor? before, int max, CancellationToken cancellationToken) =>
        QueryAsync<IReadOnlyList<StoredOrderEvent>>(async connection =>
        {
            // The customer's orders by ix_orders_customer_id_created_at_order_id, their events by
            // ux_order_events_order_id_sequence; the row comparison is the keyset cursor (order_id compares as "C",
            // like the in-memory store's ordinal order).
            await using var command = new NpgsqlCommand(
                $"""
                SELECT e.position, e.order_id, e.channel, e.sequence, e.type, e.occurred_at, e.actor, e.reason, e.detail
                FROM order_events AS e
                JOIN orders AS o ON o.order_id = e.order_id
                WHERE o.customer_id = ANY($1)
                  {(before is null ? "" : "AND (e.occurred_at, e.order_id, e.sequence) < ($3, $4, $5)")}
                ORDER BY e.occurred_at DESC, e.order_id DESC, e.sequence DESC
                LIMIT $2
                """,
                connection)
            {
                Parameters = { Value(customerIds.ToArray()), Value(Math.Max(0, max)) },
            };
            if (before is not null)
            {
                command.Parameters.Add(Value(Utc(before.OccurredAt)));
                command.Parameters.Add(Value(before.OrderId));
                command.Parameters.Add(Value(before.Sequence));
            }

            var events = new List<StoredOrderEvent>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                events.Add(new StoredOrderEvent(
                    reader.IsDBNull(0) ? 0 : reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3),
                    new OrderEvent(reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(5), reader.GetString(6), reader.GetString(7), reader.GetString(8))));
            }

            return events;
        }, cancellationToken);

    public async Task RedactHistoryAsync(string orderId, Func<OrderEvent, OrderEvent> redact, CancellationToken cancellationToken)
    {
        var committing = false;
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

            // Locked while rewritten, so a second redaction of the same order waits and then sees this one's texts.
            await using var read = new NpgsqlCommand(
                "SELECT id, type, occurred_at, actor, reason, detail FROM order_events WHERE order_id = $1 ORDER BY sequence FOR UPDATE",
                connection, transaction)
            {
                Parameters = { Value(orderId) },
            };
            var changed = new List<(long Id, OrderEvent Event)>();
            await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    var original = new OrderEvent(reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetString(3), reader.GetString(4), reader.GetString(5));
                    var redacted = HistoryRedaction.Apply(original, redact);
                    if (redacted != original)
                    {
                        changed.Add((reader.GetInt64(0), redacted));
                    }
                }
            }

            if (changed.Count > 0)
            {
                // Only the texts: position, transaction id, sequence, type and time stay as the feed placed them.
                await using var update = new NpgsqlCommand(
                    """
                    UPDATE order_events AS e SET actor = r.actor, reason = r.reason, detail = r.detail
                    FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) AS r(id, actor, reason, detail)
                    WHERE e.id = r.id
                    """,
                    connection, transaction)
                {
                    Parameters =
                    {
                        Value(changed.Select(c => c.Id).ToArray()), Value(changed.Select(c => c.Event.Actor).ToArray()),
                        Value(changed.Select(c => c.Event.Reason).ToArray()), Value(changed.Select(c => c.Event.Detail).ToArray()),
                    },
                };
                await update.ExecuteNonQueryAsync(cancellationToken);
            }

            committing = true;
            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception exception) when (PostgresFailures.IsUnavailable(exception))
        {
            throw PostgresFailures.Unavailable(exception, mayHaveApplied: committing);
        }
    }

    public Task<bool> PingAsync(CancellationToken cancellationToken) => PostgresFailures.AnswersAsync(_dataSource, cancellationToken);

    private async Task<T> ReadAsync<T>(Func<OrdersDbContext, Task<T>> read)
    {
        try
        {
            await using var db = await _contexts.CreateDbContextAsync();
            return await read(db);
        }
        catch (Exception exception) when (PostgresFailures.IsUnavailable(exception))
        {
            throw PostgresFailures.Unavailable(exception, mayHaveApplied: false);
        }
    }

    /// <summary>A hand-written read on a pooled connection, failures translated like every other read.</summary>
    private async Task<T> QueryAsync<T>(Func<NpgsqlConnection, Task<T>> query, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            return await query(connection);
        }
        catch (Exception exception) when (PostgresFailures.IsUnavailable(exception))
        {
            throw PostgresFailures.Unavailable(exception, mayHaveApplied: false);
        }
    }

    // ---- Parameters -----------------------------------------------------------------------------------------------

    private static NpgsqlBatchCommand Command(string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(Value(value));
        }

        return command;
    }

    private static NpgsqlParameter Value(object? value) =>
        value as NpgsqlParameter ?? new NpgsqlParameter { Value = value ?? throw new ArgumentNullException(nameof(value)) };

    private static NpgsqlParameter Json(Order order) =>
        new() { Value = OrderJson.Serialize(order.Document), NpgsqlDbType = NpgsqlDbType.Jsonb };

    // Npgsql writes only UTC offsets to timestamptz; the service clock is UTC, this only guards a caller's local value.
    private static DateTimeOffset Utc(DateTimeOffset value) => value.ToUniversalTime();

    private static NpgsqlParameter Nullable(DateTimeOffset? value) =>
        new() { Value = value is { } set ? set.ToUniversalTime() : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz };

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
