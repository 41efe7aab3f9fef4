using System.ComponentModel.DataAnnotations;

namespace Sourcing.Service.Replicas;

/// <summary>
/// Bound from the <c>Replica</c> section and validated at start-up: who this process is among the replicas that share
/// one Redis and one PostgreSQL, and how it coordinates background work with them.
/// </summary>
public sealed class ReplicaOptions
{
    public const string Section = "Replica";

    /// <summary>
    /// Names this process in leases, heartbeats and GetRulesVersion. Defaults to host name, process id and four random
    /// characters, so two processes on one host (or a restarted one) never share a name.
    /// </summary>
    [Required, RegularExpression(@"\A[A-Za-z0-9._:-]{1,100}\z", ErrorMessage = "InstanceId must be 1-100 of letters, digits, '.', '_', ':', '-'.")]
    public string InstanceId { get; set; } = DefaultInstanceId();

    /// <summary>
    /// How long a background-work lease lasts unless renewed (renewed every third of it). A holder that stops
    /// releases at once; one that dies is replaced by another instance within this time.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.300", "00:10:00")]
    public TimeSpan LeaseTtl { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often this instance writes its heartbeat (rules version, last reload) for GetRulesVersion.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:10")]
    public TimeSpan HeartbeatEvery { get; set; } = TimeSpan.FromSeconds(5);

    internal static string DefaultInstanceId()
    {
        var host = new string(Environment.MachineName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '-').ToArray());
        var random = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(2));
        return $"{(host.Length == 0 ? "host" : host[..Math.Min(host.Length, 60)])}-{Environment.ProcessId}-{random}";
    }
}
