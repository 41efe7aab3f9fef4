namespace Sourcing.Service.Security;

/// <summary>
/// The roles a token can carry (claim <c>role</c>, one claim per role). Each RPC names the roles it admits in
/// <see cref="RpcPolicies"/>; the README's table lists them.
/// </summary>
public static class Roles
{
    /// <summary>A channel backend (web shop, marketplace, store POS, call centre), bound to the channels of its token.</summary>
    public const string Channel = "channel";

    /// <summary>An ERP, WMS or store POS feeding stock, bound to the locations of its token.</summary>
    public const string StockFeed = "stock-feed";

    /// <summary>Reads and validates rules.</summary>
    public const string Merchandiser = "merchandiser";

    /// <summary>Reads, validates and reloads rules.</summary>
    public const string RulesAdmin = "rules-admin";

    /// <summary>Changes the location network, reads every channel's reservations and the audit log.</summary>
    public const string OperationsAdmin = "operations-admin";

    /// <summary>A call-centre or customer-service agent acting on customers' orders.</summary>
    public const string ServiceAgent = "service-agent";

    /// <summary>A finance clerk: invoices, payments, receivables, releases of credit holds.</summary>
    public const string Finance = "finance";

    /// <summary>Staff of a store, bound to the locations of its token.</summary>
    public const string StoreStaff = "store-staff";

    /// <summary>A customer acting on their own data only (claim <c>sub</c> is the customer id).</summary>
    public const string Customer = "customer";

    /// <summary>
    /// The bridge to the payment service providers: follows capture and refund requests on the billing feed and
    /// reports what the provider answered. It never sees the customers' accounts.
    /// </summary>
    public const string PaymentIntegration = "payment-integration";

    public static IReadOnlyList<string> All { get; } =
        [Channel, StockFeed, Merchandiser, RulesAdmin, OperationsAdmin, ServiceAgent, Finance, StoreStaff, Customer, PaymentIntegration];
}

/// <summary>Claim types of this service's tokens besides <c>sub</c> and <c>role</c>.</summary>
public static class SourcingClaims
{
    /// <summary>A channel the principal acts for (one claim each); <c>*</c> means every channel.</summary>
    public const string Channel = "channel";

    /// <summary>A location the principal may change stock at (one claim each); <c>*</c> means every location.</summary>
    public const string Location = "location";

    public const string Role = "role";

    public const string Subject = "sub";

    public const string Any = "*";
}
