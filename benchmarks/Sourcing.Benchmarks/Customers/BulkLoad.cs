using Npgsql;

namespace Sourcing.Benchmarks.Customers;

/// <summary>
/// A bulk load of freshly migrated tables: their indexes and constraints (primary keys, unique and foreign keys) are
/// read from the catalog and dropped, every table gets its own connection with one transaction that truncates it and
/// COPYs into it (binary, FREEZE: with wal_level minimal no WAL is written and the rows are visible to all at once),
/// and after the commits every index and constraint is made again from its own definition — so the schema ends
/// exactly as the migrations made it, and the foreign keys and unique indexes check every seeded row when re-added.
/// The COPYs of all tables run at once on their connections, so PostgreSQL's backends work beside the generator.
/// </summary>
internal sealed class BulkLoad : IDisposable
{
    private readonly List<(string Table, string Kind, string Name, string Definition)> _dropped = [];
    private readonly Dictionary<string, (NpgsqlConnection Connection, NpgsqlTransaction Transaction, NpgsqlBinaryImporter Import)> _tables = [];

    public BulkLoad(IReadOnlyDictionary<string, string> columnsByTable)
    {
        using (var connection = CustomerBenchDatabase.Open())
        {
            ReadDefinitions(connection, [.. columnsByTable.Keys]);
            foreach (var (table, kind, name, _) in _dropped.Where(d => d.Kind == "f"))
            {
                CustomerBenchDatabase.Execute(connection, $"ALTER TABLE {table} DROP CONSTRAINT {name}");
            }

            foreach (var (table, kind, name, _) in _dropped.Where(d => d.Kind is "p" or "u"))
            {
                CustomerBenchDatabase.Execute(connection, $"ALTER TABLE {table} DROP CONSTRAINT {name}");
            }

            foreach (var (_, _, name, _) in _dropped.Where(d => d.Kind == "i"))
            {
                CustomerBenchDatabase.Execute(connection, $"DROP INDEX {name}");
            }
        }

        foreach (var (table, columns) in columnsByTable)
        {
            var connection = CustomerBenchDatabase.Open(bulk: true);
            var transaction = connection.BeginTransaction();
            using (var truncate = new NpgsqlCommand($"TRUNCATE {table}", connection, transaction))
            {
                truncate.ExecuteNonQuery();
            }

            var import = connection.BeginBinaryImport($"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY, FREEZE)");
            _tables[table] = (connection, transaction, import);
        }
    }

    public NpgsqlBinaryImporter this[string table] => _tables[table].Import;

    /// <summary>How many indexes and constraints <see cref="Restore"/> makes again.</summary>
    public int DroppedCount => _dropped.Count;

    /// <summary>Ends every COPY and commits its transaction.</summary>
    public void Complete()
    {
        foreach (var (_, (connection, transaction, import)) in _tables)
        {
            import.Complete();
            import.Dispose();
            transaction.Commit();
            connection.Dispose();
        }

        _tables.Clear();
    }

    /// <summary>Makes every dropped index and constraint again, two at a time (the machine's cores), foreign keys last.</summary>
    public void Restore(ProgressLine progress)
    {
        var done = 0;
        void RunAll(IEnumerable<string> statements)
        {
            var queue = new System.Collections.Concurrent.ConcurrentQueue<string>(statements);
            var workers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
            {
                using var connection = CustomerBenchDatabase.Open();
                while (queue.TryDequeue(out var statement))
                {
                    CustomerBenchDatabase.Execute(connection, statement);
                    progress.Report(Interlocked.Increment(ref done));
                }
            })).ToArray();
            Task.WaitAll(workers);
        }

        RunAll(_dropped.Where(d => d.Kind is "i" or "p" or "u")
            .Select(d => d.Kind == "i" ? d.Definition : $"ALTER TABLE {d.Table} ADD CONSTRAINT {d.Name} {d.Definition}"));
        RunAll(_dropped.Where(d => d.Kind == "f").Select(d => $"ALTER TABLE {d.Table} ADD CONSTRAINT {d.Name} {d.Definition}"));
        progress.Finish(done);
    }

    private void ReadDefinitions(NpgsqlConnection connection, string[] tables)
    {
        using (var constraints = new NpgsqlCommand(
            """
            SELECT c.conrelid::regclass::text, c.contype::text, c.conname, pg_get_constraintdef(c.oid)
            FROM pg_constraint c
            WHERE c.contype IN ('p', 'u', 'f') AND (c.conrelid::regclass::text = ANY($1) OR (c.contype = 'f' AND c.confrelid::regclass::text = ANY($1)))
            """, connection) { Parameters = { new() { Value = tables } } })
        using (var reader = constraints.ExecuteReader())
        {
            while (reader.Read())
            {
                _dropped.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
            }
        }

        using var indexes = new NpgsqlCommand(
            """
            SELECT t.relname, i.relname, pg_get_indexdef(i.oid)
            FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
            WHERE t.relname = ANY($1) AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
            """, connection) { Parameters = { new() { Value = tables } } };
        using var indexReader = indexes.ExecuteReader();
        while (indexReader.Read())
        {
            _dropped.Add((indexReader.GetString(0), "i", indexReader.GetString(1), indexReader.GetString(2)));
        }
    }

    public void Dispose()
    {
        foreach (var (_, (connection, _, import)) in _tables)
        {
            import.Dispose();
            connection.Dispose();
        }
    }
}
