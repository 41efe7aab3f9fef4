namespace Sourcing.Service.Replicas;

/// <summary>One instance's heartbeat: the rules version it decides with and how its last reload went.</summary>
public sealed record InstanceRecord(string InstanceId, string RulesVersion, bool? LastReloadApplied, DateTimeOffset StartedAt, DateTimeOffset SeenAt);
