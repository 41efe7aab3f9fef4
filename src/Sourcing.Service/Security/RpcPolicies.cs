using Microsoft.AspNetCore.Authorization;

namespace Sourcing.Service.Security;

/// <summary>
/// One authorization policy per kind of call, each a list of the roles it admits. Every RPC carries one of these by
/// an <c>[Authorize(Policy = ...)]</c> attribute; an RPC without one stops the service at start
/// (<see cref="EndpointPolicyCheck"/>), and the fallback policy refuses anything unmarked.
/// </summary>
public static class RpcPolicies
{
    public const string Sell = "sell";
    public const string Reservations = "reservations";
    public const string StockRead = "stock-read";
    public const string StockWatch = "stock-watch";
    public const string StockWrite = "stock-write";
    public const string LocationRead = "location-read";
    public const string LocationWrite = "location-write";
    public const string RulesRead = "rules-read";
    public const string RulesReload = "rules-reload";
    public const string AuditRead = "audit-read";

    /// <summary>Which roles each policy admits: the single source of the README's table.</summary>
    public static IReadOnlyDictionary<string, string[]> RolesByPolicy { get; } = new Dictionary<string, string[]>
    {
        [Sell] = [Roles.Channel],
        [Reservations] = [Roles.Channel, Roles.OperationsAdmin],
        [StockRead] = [Roles.Channel, Roles.StockFeed, Roles.OperationsAdmin, Roles.ServiceAgent, Roles.StoreStaff, Roles.Merchandiser],
        [StockWatch] = [Roles.Channel, Roles.StockFeed, Roles.OperationsAdmin],
        [StockWrite] = [Roles.StockFeed, Roles.OperationsAdmin],
        [LocationRead] = [Roles.Channel, Roles.StockFeed, Roles.OperationsAdmin, Roles.ServiceAgent, Roles.StoreStaff, Roles.Merchandiser],
        [LocationWrite] = [Roles.OperationsAdmin],
        [RulesRead] = [Roles.Merchandiser, Roles.RulesAdmin],
        [RulesReload] = [Roles.RulesAdmin],
        [AuditRead] = [Roles.OperationsAdmin],
    };

    public static void Add(AuthorizationOptions options)
    {
        foreach (var (policy, roles) in RolesByPolicy)
        {
            options.AddPolicy(policy, builder => builder.RequireAuthenticatedUser().RequireRole(roles));
        }

        // Anything that reaches authorization without a policy of its own is refused, never served open.
        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAssertion(_ => false).Build();
    }
}
