using System.Security.Claims;
using Grpc.Core;
using Sourcing.Orders.Billing;
using Sourcing.Service.Security;

namespace Sourcing.Service.Billing;

/// <summary>
/// Which customers' billing data a caller sees. Finance, service agents and operations admins see every customer; a
/// channel token sees the documents of its channels' orders (and no account: an account spans channels); a customer
/// token (role customer, <c>sub</c> = the customer id) sees its own account and documents. A caller holding several
/// roles sees the union. Anything else does not exist for the caller: NOT_FOUND, never PERMISSION_DENIED, so document
/// ids and customer ids cannot be probed.
/// </summary>
internal sealed class BillingAccess(ClaimsPrincipal principal)
{
    private readonly HashSet<string> _channels = principal.IsInRole(Roles.Channel)
        ? principal.FindAll(SourcingClaims.Channel).Select(c => c.Value).ToHashSet(StringComparer.Ordinal)
        : [];

    public static BillingAccess Of(ServerCallContext context) => new(context.GetHttpContext().User);

    public bool SeesEveryCustomer =>
        principal.IsInRole(Roles.Finance) || principal.IsInRole(Roles.ServiceAgent) || principal.IsInRole(Roles.OperationsAdmin);

    /// <summary>The customer id of a customer token; null for every other caller.</summary>
    public string? OwnCustomerId =>
        principal.IsInRole(Roles.Customer) && principal.FindFirst(SourcingClaims.Subject)?.Value is { Length: > 0 } subject ? subject : null;

    /// <summary>A channel token: it may list a customer's documents, and sees those of its channels' orders.</summary>
    public bool SeesSomeChannel => _channels.Count > 0;

    public bool SeesAccount(string customerId) => SeesEveryCustomer || OwnCustomerId == customerId;

    public bool SeesDocument(BillingDocument document) =>
        SeesAccount(document.CustomerId) || _channels.Contains(SourcingClaims.Any) || (document.Channel.Length > 0 && _channels.Contains(document.Channel));

    /// <summary>A customer id the caller did not name: a customer token's own; required for everyone else.</summary>
    public string CustomerOrOwn(string requested) => requested.Length == 0 && !SeesEveryCustomer ? OwnCustomerId ?? "" : requested;

    public void EnsureAccount(string customerId)
    {
        if (!SeesAccount(customerId))
        {
            throw new BillingNotFoundException("Customer account", customerId);
        }
    }

    public BillingDocument EnsureDocument(BillingDocument? document, string requested) =>
        document is not null && SeesDocument(document) ? document : throw new BillingNotFoundException("Document", requested);
}
