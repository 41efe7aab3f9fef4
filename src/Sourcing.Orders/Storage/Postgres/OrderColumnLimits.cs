namespace Sourcing.Orders.Storage.Postgres;

/// <summary>
/// The longest value each bounded text column takes. The gRPC layer validates requests against limits at or below
/// these; a longer value reaching the store is a bug and PostgreSQL refuses it rather than storing it.
/// </summary>
public static class OrderColumnLimits
{
    public const int OrderId = 128;
    public const int Channel = 64;
    public const int ExternalOrderNumber = 128;
    public const int CustomerId = 128;
    public const int Status = 32;

    /// <summary>ISO 4217.</summary>
    public const int Currency = 3;

    public const int RequestId = 256;
    public const int Fingerprint = 128;
    public const int EventType = 64;
    public const int Actor = 256;
    public const int Reason = 2_000;
    public const int Detail = 16_000;

    public const int ReturnId = 128;
    public const int ReturnNumber = 64;
    public const int LocationId = 128;

    /// <summary>A <see cref="Returns.ReturnKind"/> or <see cref="Returns.ReturnStatus"/> name.</summary>
    public const int ReturnEnumName = 32;
}
