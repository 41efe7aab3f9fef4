namespace Sourcing.Service.Replicas;

/// <summary>This process among the replicas: its configured id and when it started.</summary>
public sealed record ReplicaIdentity(string InstanceId, DateTimeOffset StartedAt);
