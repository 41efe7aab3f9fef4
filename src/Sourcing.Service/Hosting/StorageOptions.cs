namespace Sourcing.Service.Hosting;

/// <summary>Where live stock, holds and request records are kept.</summary>
public enum StorageMode
{
    /// <summary>Not configured: allowed only in Development, where it means <see cref="InMemory"/> unless Redis is configured.</summary>
    Unset,

    /// <summary>Redis at <c>Redis:Configuration</c>: the production store.</summary>
    Redis,

    /// <summary>The embedded in-memory store: everything is lost when the process ends.</summary>
    InMemory,
}

/// <summary>Bound from the <c>Storage</c> section.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>
    /// <c>Redis</c> or <c>InMemory</c>. Outside Development it must be set: a misspelt or forgotten Redis setting must
    /// stop the service, not quietly run it on a store that forgets every reservation at the next restart.
    /// </summary>
    public StorageMode Mode { get; set; }
}
