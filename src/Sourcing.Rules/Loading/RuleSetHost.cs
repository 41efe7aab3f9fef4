namespace Sourcing.Rules.Loading;

/// <summary>The outcome of a reload: applied (with the new version) or refused (the previous set stays active).</summary>
public sealed record ReloadResult(bool Applied, string ActiveVersion, IReadOnlyList<RuleProblem> Problems);

/// <summary>
/// Holds the active rule set and swaps it atomically on reload. A reload validates and compiles the whole folder first;
/// a set with any problem is refused and the previous one stays active. Optionally reloads when a file changes.
/// </summary>
public sealed class RuleSetHost : IDisposable
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(300);

    private readonly RulesOptions _options;
    private readonly Lock _reloading = new();
    private readonly FileSystemWatcher? _watcher;
    private readonly Timer _debounce;
    private volatile CompiledRuleSet _current;

    /// <summary>Loads the folder; throws <see cref="RuleSetException"/> when the initial set is bad (nothing to fall back on).</summary>
    public RuleSetHost(string directory, RulesOptions options)
    {
        Directory = directory;
        _options = options;
        _current = RuleSetLoader.Load(directory, options);
        _debounce = new Timer(_ => ReloadFromWatcher());
        if (options.WatchFiles)
        {
            _watcher = new FileSystemWatcher(directory, "*.json") { IncludeSubdirectories = true, NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size };
            _watcher.Changed += (_, _) => ScheduleReload();
            _watcher.Created += (_, _) => ScheduleReload();
            _watcher.Deleted += (_, _) => ScheduleReload();
            _watcher.Renamed += (_, _) => ScheduleReload();
            _watcher.EnableRaisingEvents = true;
        }
    }

    public string Directory { get; }

    public RulesOptions Options => _options;

    /// <summary>The active set; read once per decision so a decision never mixes two versions.</summary>
    public CompiledRuleSet Current => _current;

    /// <summary>The last reload's outcome, including one triggered by a file change.</summary>
    public ReloadResult? LastReload { get; private set; }

    /// <summary>Raised after each reload attempt, applied or refused.</summary>
    public event Action<ReloadResult>? Reloaded;

    public ReloadResult Reload()
    {
        lock (_reloading)
        {
            ReloadResult result;
            try
            {
                var candidate = RuleSetLoader.Load(Directory, _options);
                _current = candidate;
                result = new ReloadResult(true, candidate.Version, []);
            }
            catch (RuleSetException refused)
            {
                result = new ReloadResult(false, _current.Version, refused.Problems);
            }
            catch (IOException exception)
            {
                // A file half-written by an editor: keep the active set; the watcher fires again when the write ends.
                result = new ReloadResult(false, _current.Version, [new RuleProblem(".", null, "could not read the rule files: " + Relative(exception.Message))]);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // Whatever else goes wrong while building the candidate set, the active set is still good: keep it.
                result = new ReloadResult(false, _current.Version, [new RuleProblem(".", null, $"the rule set could not be built: {exception.GetType().Name}: {Relative(exception.Message)}")]);
            }

            LastReload = result;
            NotifyReloaded(result);
            return result;
        }
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _debounce.Dispose();
    }

    /// <summary>
    /// The timer's callback: an exception escaping a timer callback ends the process, so nothing may leave here.
    /// </summary>
    private void ReloadFromWatcher()
    {
        try
        {
            Reload();
        }
        catch (ObjectDisposedException)
        {
            // The host was disposed while a reload was pending: nothing to reload into.
        }
    }

    /// <summary>Problems name files relative to the rules folder: where the service keeps them is not the caller's business.</summary>
    private string Relative(string message) => message.Replace(Directory, ".", StringComparison.Ordinal);

    private void NotifyReloaded(ReloadResult result)
    {
        try
        {
            Reloaded?.Invoke(result);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // A failing listener (a logger, a metric) must not undo or crash a reload that already happened.
            System.Diagnostics.Trace.TraceError("A rules reload listener failed: " + exception);
        }
    }

    private void ScheduleReload()
    {
        try
        {
            _debounce.Change(Debounce, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // A file event that arrives while the host is being disposed: there is nothing left to reload.
        }
    }
}
