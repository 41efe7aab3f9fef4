using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sourcing.Testing;

/// <summary>A node of a <see cref="LocalRedisCluster"/>: its port and cluster node id.</summary>
public sealed record RedisClusterNode(int Port, string Id)
{
    public string Endpoint => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>A replica and the id of the master it copies.</summary>
public sealed record RedisClusterReplica(int Port, string Id, string MasterId)
{
    public string Endpoint => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>
/// A real Redis Cluster for tests: six <c>redis-server</c> processes on free loopback ports, joined by
/// <c>redis-cli --cluster create</c> into three masters with one replica each. Start returns only once every node
/// says the cluster is ok, every slot is served and every replica is in sync with its master. Dispose kills the
/// processes and deletes their directories. Never falls back to anything else: without redis-server and redis-cli it
/// throws, and the tests fail.
/// </summary>
public sealed class LocalRedisCluster : IDisposable
{
    private const int NodeCount = 6;
    private const int SlotCount = 16384;

    // A busy 2-core machine running other test suites can take many seconds for the gossip to settle.
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan FailoverAttemptTimeout = TimeSpan.FromSeconds(20);

    private readonly List<NodeProcess> _nodes;
    private Topology _topology;

    private LocalRedisCluster(List<NodeProcess> nodes, Topology topology)
    {
        _nodes = nodes;
        _topology = topology;
    }

    /// <summary>The masters (each serving a third of the slots) as a StackExchange.Redis configuration string.</summary>
    public string ConfigurationString => string.Join(",", Masters.Select(m => m.Endpoint));

    public IReadOnlyList<RedisClusterNode> Masters => _topology.Masters.Select(m => m.Node).ToList();

    public IReadOnlyList<RedisClusterReplica> Replicas => _topology.Replicas;

    public static LocalRedisCluster Start()
    {
        EnsureRedisCliInstalled();
        var nodes = new List<NodeProcess>();
        try
        {
            for (var i = 0; i < NodeCount; i++)
            {
                nodes.Add(NodeProcess.Start());
            }

            Create(nodes);
            var topology = WaitUntilSettled(nodes, SettleTimeout, _ => true).GetAwaiter().GetResult();
            return new LocalRedisCluster(nodes, topology);
        }
        catch
        {
            foreach (var node in nodes)
            {
                node.Dispose();
            }

            throw;
        }
    }

    /// <summary>The master that currently serves <paramref name="key"/>'s slot (as Redis hashes it, hash tags included).</summary>
    public RedisClusterNode MasterOf(string key)
    {
        var slot = (long)Resp.Command(_nodes[0].Port, "CLUSTER", "KEYSLOT", key)!;
        return _topology.Masters.Single(m => m.Slots.Any(range => range.From <= slot && slot <= range.To)).Node;
    }

    /// <summary>
    /// Promotes <paramref name="master"/>'s replica with <c>CLUSTER FAILOVER</c> (the coordinated manual failover:
    /// the master stops taking writes until its replica has caught up, so nothing acknowledged is lost) and waits
    /// until the replica serves the slots, every node agrees, the old master replicates the new one and the
    /// cluster is ok again. Returns the new master.
    /// </summary>
    public async Task<RedisClusterNode> FailoverAsync(RedisClusterNode master)
    {
        var replica = _topology.Replicas.FirstOrDefault(r => r.MasterId == master.Id)
            ?? throw new InvalidOperationException($"{master.Endpoint} is not a master with a replica in this cluster.");
        Func<Topology, bool> promoted = topology =>
            topology.Masters.Any(m => m.Node.Id == replica.Id) && topology.Replicas.Any(r => r.Id == master.Id && r.MasterId == replica.Id);

        // Redis gives up a manual failover that does not complete within 5 s (a master too busy to answer its replica
        // in time, on a loaded machine): then it is asked again.
        for (var attempt = 1; ; attempt++)
        {
            var reply = Resp.Command(replica.Port, "CLUSTER", "FAILOVER");
            if (reply is not "OK")
            {
                throw new InvalidOperationException($"CLUSTER FAILOVER on {replica.Endpoint} answered {reply}.");
            }

            try
            {
                _topology = await WaitUntilSettled(_nodes, attempt < 3 ? FailoverAttemptTimeout : SettleTimeout, promoted).ConfigureAwait(false);
                return new RedisClusterNode(replica.Port, replica.Id);
            }
            catch (TimeoutException) when (attempt < 3 && !IsMaster(replica.Port))
            {
                // Not promoted: ask again.
            }
            catch (TimeoutException) when (attempt < 3)
            {
                // Promoted, but the cluster has not settled yet: wait for it without asking again.
                _topology = await WaitUntilSettled(_nodes, SettleTimeout, promoted).ConfigureAwait(false);
                return new RedisClusterNode(replica.Port, replica.Id);
            }
        }
    }

    public void Dispose()
    {
        foreach (var node in _nodes)
        {
            node.Dispose();
        }
    }

    private static bool IsMaster(int port)
    {
        try
        {
            return ((string)Resp.Command(port, "INFO", "replication")!).Contains("role:master", StringComparison.Ordinal);
        }
        catch (Exception exception) when (exception is SocketException or IOException or InvalidOperationException)
        {
            return false;
        }
    }

    private static void EnsureRedisCliInstalled()
    {
        try
        {
            using var probe = Process.Start(new ProcessStartInfo("redis-cli", "--version") { RedirectStandardOutput = true, UseShellExecute = false })!;
            probe.StandardOutput.ReadToEnd();
            probe.WaitForExit();
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException(
                "redis-cli is not installed: a Redis Cluster for the tests is created with `redis-cli --cluster create` " +
                "(apt-get install -y redis-server installs it, from the redis-tools package).", exception);
        }
    }

    private static void Create(IReadOnlyList<NodeProcess> nodes)
    {
        var start = new ProcessStartInfo("redis-cli")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--cluster");
        start.ArgumentList.Add("create");
        foreach (var node in nodes)
        {
            start.ArgumentList.Add(node.Endpoint);
        }

        start.ArgumentList.Add("--cluster-replicas");
        start.ArgumentList.Add("1");
        start.ArgumentList.Add("--cluster-yes");

        using var process = Process.Start(start) ?? throw new InvalidOperationException("redis-cli did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"redis-cli --cluster create did not finish within 120 s:\n{output.Result}{error.Result}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"redis-cli --cluster create exited with code {process.ExitCode}:\n{output.Result}{error.Result}\n{string.Join("\n", nodes.Select(n => n.LogTail()))}");
        }
    }

    /// <summary>
    /// Polls every node until all of them see the same healthy cluster (three masters covering every slot, three
    /// replicas with their link up) that also satisfies <paramref name="wanted"/>.
    /// </summary>
    private static async Task<Topology> WaitUntilSettled(IReadOnlyList<NodeProcess> nodes, TimeSpan timeout, Func<Topology, bool> wanted)
    {
        var deadline = DateTime.UtcNow + timeout;
        var lastProblem = "not checked yet";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                lastProblem = Problem(nodes, wanted, out var topology);
                if (lastProblem is null)
                {
                    return topology!;
                }
            }
            catch (Exception exception) when (exception is SocketException or IOException or InvalidOperationException)
            {
                lastProblem = exception.Message;
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        throw new TimeoutException(
            $"The Redis Cluster did not settle within {timeout.TotalSeconds} s: {lastProblem}\n{string.Join("\n", nodes.Select(n => n.LogTail()))}");
    }

    /// <summary>What is still wrong with the cluster, or null when it is settled (then <paramref name="settled"/> is set).</summary>
    private static string? Problem(IReadOnlyList<NodeProcess> nodes, Func<Topology, bool> wanted, out Topology? settled)
    {
        settled = null;
        Topology? first = null;
        foreach (var node in nodes)
        {
            var info = (string)Resp.Command(node.Port, "CLUSTER", "INFO")!;
            if (!info.Contains("cluster_state:ok", StringComparison.Ordinal))
            {
                return $"{node.Endpoint} does not say cluster_state:ok";
            }

            if (!info.Contains($"cluster_slots_ok:{SlotCount}", StringComparison.Ordinal) || !info.Contains($"cluster_known_nodes:{NodeCount}", StringComparison.Ordinal))
            {
                return $"{node.Endpoint} does not see {SlotCount} slots ok on {NodeCount} nodes";
            }

            var view = Topology.Parse((string)Resp.Command(node.Port, "CLUSTER", "NODES")!);
            if (view.Problem() is { } problem)
            {
                return $"{node.Endpoint}: {problem}";
            }

            if (first is null)
            {
                first = view;
            }
            else if (view.Signature != first.Signature)
            {
                return $"{node.Endpoint} sees {view.Signature}, {nodes[0].Endpoint} sees {first.Signature}";
            }
        }

        foreach (var replica in first!.Replicas)
        {
            var replication = (string)Resp.Command(replica.Port, "INFO", "replication")!;
            if (!replication.Contains("master_link_status:up", StringComparison.Ordinal) || replication.Contains("master_sync_in_progress:1", StringComparison.Ordinal))
            {
                return $"replica {replica.Endpoint} is not in sync with its master yet";
            }
        }

        if (!wanted(first))
        {
            return $"the topology is not the wanted one yet: {first.Signature}";
        }

        settled = first;
        return null;
    }

    private sealed record SlotRange(int From, int To);

    private sealed record MasterView(RedisClusterNode Node, IReadOnlyList<SlotRange> Slots);

    /// <summary>One node's view of the cluster, from <c>CLUSTER NODES</c>.</summary>
    private sealed class Topology
    {
        private Topology(IReadOnlyList<MasterView> masters, IReadOnlyList<RedisClusterReplica> replicas, IReadOnlyList<string> flagged)
        {
            Masters = masters;
            Replicas = replicas;
            Flagged = flagged;
        }

        public IReadOnlyList<MasterView> Masters { get; }

        public IReadOnlyList<RedisClusterReplica> Replicas { get; }

        /// <summary>Nodes marked failing, handshaking or without an address.</summary>
        private IReadOnlyList<string> Flagged { get; }

        /// <summary>Who is master of which slots and who copies whom, in a form two views can be compared by.</summary>
        public string Signature =>
            string.Join(" ", Masters.OrderBy(m => m.Node.Port).Select(m => $"{m.Node.Port}[{string.Join(",", m.Slots.Select(s => $"{s.From}-{s.To}"))}]")) + " | " +
            string.Join(" ", Replicas.OrderBy(r => r.Port).Select(r => $"{r.Port}->{Masters.FirstOrDefault(m => m.Node.Id == r.MasterId)?.Node.Port.ToString(CultureInfo.InvariantCulture) ?? r.MasterId}"));

        public static Topology Parse(string clusterNodes)
        {
            var masters = new List<MasterView>();
            var replicas = new List<RedisClusterReplica>();
            var flagged = new List<string>();
            foreach (var line in clusterNodes.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                // <id> <ip:port@cport> <flags> <master> <ping-sent> <pong-recv> <config-epoch> <link-state> <slot> ...
                var fields = line.Split(' ');
                var id = fields[0];
                var address = fields[1];
                var port = int.Parse(address[(address.LastIndexOf(':') + 1)..address.IndexOf('@', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
                var flags = fields[2].Split(',');
                if (flags.Any(f => f is "fail" or "fail?" or "handshake" or "noaddr") || fields[7] != "connected")
                {
                    flagged.Add($"{port} ({fields[2]}, {fields[7]})");
                }

                if (flags.Contains("master"))
                {
                    var slots = fields.Skip(8).Where(f => !f.StartsWith('[')).Select(ParseRange).ToList();
                    masters.Add(new MasterView(new RedisClusterNode(port, id), slots));
                }
                else if (flags.Contains("slave"))
                {
                    replicas.Add(new RedisClusterReplica(port, id, fields[3]));
                }
            }

            // Right after a failover the old master is a master without slots until it learns it is a replica.
            return new Topology(masters.Where(m => m.Slots.Count > 0).ToList(), replicas, flagged.Concat(masters.Where(m => m.Slots.Count == 0).Select(m => $"{m.Node.Port} (master without slots)")).ToList());
        }

        public string? Problem()
        {
            if (Flagged.Count > 0)
            {
                return "not every node is healthy: " + string.Join(", ", Flagged);
            }

            if (Masters.Count != NodeCount / 2 || Replicas.Count != NodeCount / 2)
            {
                return $"{Masters.Count} masters with slots and {Replicas.Count} replicas";
            }

            if (Masters.Sum(m => m.Slots.Sum(s => s.To - s.From + 1)) != SlotCount)
            {
                return "the masters do not cover every slot";
            }

            var masterIds = Masters.Select(m => m.Node.Id).ToHashSet();
            if (Replicas.Any(r => !masterIds.Contains(r.MasterId)) || Replicas.Select(r => r.MasterId).Distinct().Count() != Masters.Count)
            {
                return "not every master has exactly one replica";
            }

            return null;
        }

        private static SlotRange ParseRange(string field)
        {
            var dash = field.IndexOf('-', StringComparison.Ordinal);
            return dash < 0
                ? new SlotRange(int.Parse(field, CultureInfo.InvariantCulture), int.Parse(field, CultureInfo.InvariantCulture))
                : new SlotRange(int.Parse(field[..dash], CultureInfo.InvariantCulture), int.Parse(field[(dash + 1)..], CultureInfo.InvariantCulture));
        }
    }

    /// <summary>One redis-server of the cluster, in a temporary directory of its own (its nodes.conf and log).</summary>
    private sealed class NodeProcess : IDisposable
    {
        private readonly Process _process;
        private readonly string _directory;

        private NodeProcess(int port, Process process, string directory)
        {
            Port = port;
            _process = process;
            _directory = directory;
        }

        public int Port { get; }

        public string Endpoint => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

        private string LogPath => Path.Combine(_directory, "redis.log");

        /// <summary>Starts a node; a port taken by another process between choosing and binding it is chosen again.</summary>
        public static NodeProcess Start()
        {
            Exception? last = null;
            for (var attempt = 0; attempt < 3; attempt++)
            {
                try
                {
                    return StartOnce();
                }
                catch (PortLostException exception)
                {
                    last = exception;
                }
            }

            throw new InvalidOperationException("A redis-server of the cluster could not bind a free port in 3 attempts.", last);
        }

        public string LogTail()
        {
            try
            {
                var lines = File.ReadAllLines(LogPath);
                return $"--- {Endpoint} log ---\n" + string.Join("\n", lines.Skip(Math.Max(0, lines.Length - 15)));
            }
            catch (IOException)
            {
                return $"--- {Endpoint}: no log ---";
            }
        }

        public void Dispose()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                    _process.WaitForExit(5_000);
                }
            }
            finally
            {
                _process.Dispose();
                try
                {
                    Directory.Delete(_directory, recursive: true);
                }
                catch (IOException)
                {
                    // A directory left in /tmp is harmless; the test result must not depend on it.
                }
            }
        }

        private static NodeProcess StartOnce()
        {
            // The cluster bus port is chosen too: the default (port + 10000) may be above 65535 or taken.
            var (port, busPort) = TwoFreePorts();
            var directory = Directory.CreateTempSubdirectory("sourcing-redis-cluster-").FullName;
            var start = new ProcessStartInfo("redis-server")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[]
            {
                "--port", port.ToString(CultureInfo.InvariantCulture),
                "--cluster-port", busPort.ToString(CultureInfo.InvariantCulture),
                "--bind", "127.0.0.1",
                "--protected-mode", "yes",
                "--cluster-enabled", "yes",
                "--cluster-config-file", Path.Combine(directory, $"nodes-{port.ToString(CultureInfo.InvariantCulture)}.conf"),
                "--cluster-node-timeout", "2000",
                "--appendonly", "no",
                "--save", "",
                "--dir", directory,
                "--logfile", Path.Combine(directory, "redis.log"),
                // A replica's first full sync starts at once instead of after the default 5 s wait for more replicas.
                "--repl-diskless-sync-delay", "0",
            })
            {
                start.ArgumentList.Add(argument);
            }

            Process process;
            try
            {
                process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
            }
            catch (System.ComponentModel.Win32Exception exception)
            {
                Directory.Delete(directory, recursive: true);
                throw new InvalidOperationException("redis-server is not installed (apt-get install -y redis-server).", exception);
            }

            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var node = new NodeProcess(port, process, directory);
            try
            {
                node.WaitUntilAnswering();
                return node;
            }
            catch
            {
                var log = node.LogTail();
                node.Dispose();
                if (log.Contains("Address already in use", StringComparison.Ordinal))
                {
                    throw new PortLostException(log);
                }

                throw;
            }
        }

        private void WaitUntilAnswering()
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (DateTime.UtcNow < deadline)
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"redis-server on port {Port} exited with code {_process.ExitCode} before answering.\n{LogTail()}");
                }

                try
                {
                    if (Resp.Command(Port, "PING") is "PONG")
                    {
                        return;
                    }
                }
                catch (Exception exception) when (exception is SocketException or IOException)
                {
                    // Not listening yet.
                }

                Thread.Sleep(20);
            }

            throw new TimeoutException($"redis-server did not answer on port {Port} within 30 s.\n{LogTail()}");
        }

        private static (int Port, int BusPort) TwoFreePorts()
        {
            using var first = new TcpListener(IPAddress.Loopback, 0);
            using var second = new TcpListener(IPAddress.Loopback, 0);
            first.Start();
            second.Start();
            return (((IPEndPoint)first.LocalEndpoint).Port, ((IPEndPoint)second.LocalEndpoint).Port);
        }
    }

    private sealed class PortLostException(string log) : Exception("The chosen port was taken before redis-server bound it:\n" + log);

    /// <summary>
    /// Just enough of the Redis protocol to run an admin command on one node: this class must not depend on a client
    /// library, so the test projects and benchmarks can all link it.
    /// </summary>
    private static class Resp
    {
        /// <returns>A string for simple and bulk strings, a long for integers, null for a null reply; errors throw.</returns>
        public static object? Command(int port, params string[] arguments)
        {
            using var client = new TcpClient();
            client.ReceiveTimeout = 10_000;
            client.SendTimeout = 10_000;
            client.Connect(IPAddress.Loopback, port);
            using var stream = client.GetStream();
            var request = new StringBuilder().Append('*').Append(arguments.Length).Append("\r\n");
            foreach (var argument in arguments)
            {
                request.Append('$').Append(Encoding.UTF8.GetByteCount(argument)).Append("\r\n").Append(argument).Append("\r\n");
            }

            stream.Write(Encoding.UTF8.GetBytes(request.ToString()));
            return ReadReply(stream);
        }

        private static object? ReadReply(Stream stream)
        {
            var line = ReadLine(stream);
            var payload = line[1..];
            switch (line[0])
            {
                case '+':
                    return payload;
                case '-':
                    throw new InvalidOperationException($"Redis answered an error: {payload}");
                case ':':
                    return long.Parse(payload, CultureInfo.InvariantCulture);
                case '$':
                    var length = int.Parse(payload, CultureInfo.InvariantCulture);
                    if (length < 0)
                    {
                        return null;
                    }

                    var bytes = new byte[length + 2];
                    stream.ReadExactly(bytes);
                    return Encoding.UTF8.GetString(bytes, 0, length);
                default:
                    throw new InvalidOperationException($"Unexpected reply from Redis: {line}");
            }
        }

        private static string ReadLine(Stream stream)
        {
            var line = new StringBuilder();
            while (true)
            {
                var next = stream.ReadByte();
                if (next < 0)
                {
                    throw new IOException("Redis closed the connection mid-reply.");
                }

                if (next == '\n' && line.Length > 0 && line[^1] == '\r')
                {
                    return line.ToString(0, line.Length - 1);
                }

                line.Append((char)next);
            }
        }
    }
}
