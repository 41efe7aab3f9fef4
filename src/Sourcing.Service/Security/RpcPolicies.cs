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

    /// <summary>CreateOrder: a channel backend captures its own channels' orders.</summary>
    public const string OrderCapture = "order-capture";

    /// <summary>GetOrder, ListOrders: a channel reads its own orders; agents, finance and operations read every channel's.</summary>
    public const string OrderRead = "order-read";

    /// <summary>CancelOrder: the channel (its customer asked) or an agent on the customer's behalf; operations for clean-up.</summary>
    public const string OrderCancel = "order-cancel";

    /// <summary>WatchOrderEvents: a channel follows its own orders; operations follow all of them.</summary>
    public const string OrderWatch = "order-watch";

    /// <summary>ReleaseHold, ReevaluateOrder: people who review holds (fraud and service agents, finance for credit).</summary>
    public const string HoldRelease = "hold-release";

    /// <summary>Fulfilment commands: store staff and a WMS (stock feed), only for the locations in their token.</summary>
    public const string Fulfilment = "fulfilment";

    /// <summary>RecordDeliveryEvent: a carrier integration (stock feed, for its locations' shipments) or operations.</summary>
    public const string DeliveryEvents = "delivery-events";

    /// <summary>
    /// BillingService reads (documents, PDFs, the customer's account): finance, service agents and operations see every
    /// customer; a channel sees the documents of its channels' orders; a customer token sees its own account only.
    /// </summary>
    public const string BillingRead = "billing-read";

    /// <summary>BillingService changes a finance clerk makes: credit notes, payments, assignments, credit limits, dunning runs.</summary>
    public const string BillingWrite = "billing-write";

    /// <summary>RecordPaymentResult and WatchBillingEvents: the payment integration, and operations for clean-up.</summary>
    public const string PaymentResults = "payment-results";

    /// <summary>
    /// AuthoriseReturn, ProposeReturnDestination: a channel for its channels' orders, a customer for their own, service
    /// agents and operations for any; store staff for any order brought to one of their stores.
    /// </summary>
    public const string ReturnsCreate = "returns-create";

    /// <summary>RecordDropOff, ReceiveReturn: store staff and a WMS or carrier integration at their locations; operations.</summary>
    public const string ReturnsReceive = "returns-receive";

    /// <summary>GetReturn, ListReturns: whoever may create returns (each what it may create them for), and finance.</summary>
    public const string ReturnsRead = "returns-read";

    /// <summary>CancelReturn, RefundReturn and the repair steps: service agents, finance and operations.</summary>
    public const string ReturnsManage = "returns-manage";

    /// <summary>
    /// RegisterCustomer: a channel backend (account and marketplace buyer identities of its own channels only), service
    /// agents and store staff at the counter.
    /// </summary>
    public const string CustomersRegister = "customers-register";

    /// <summary>
    /// GetCustomer, GetCustomerOverview, ListCustomerTimeline, ExportCustomerData: agents, operations and finance for
    /// every customer; a customer token for itself only (any other customer is NOT_FOUND). Channel tokens: no.
    /// </summary>
    public const string CustomersRead = "customers-read";

    /// <summary>UpdateContactData, AddIdentity, RemoveIdentity: service agents, and a customer for itself.</summary>
    public const string CustomersWrite = "customers-write";

    /// <summary>SearchCustomers: agents, operations and finance (a customer or channel never searches other people).</summary>
    public const string CustomersSearch = "customers-search";

    /// <summary>ClassifyCustomer, MergeCustomers, UndoMerge, EraseCustomer: service agents and operations admins.</summary>
    public const string CustomersManage = "customers-manage";

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
        [OrderCapture] = [Roles.Channel],
        [OrderRead] = [Roles.Channel, Roles.ServiceAgent, Roles.Finance, Roles.OperationsAdmin],
        [OrderCancel] = [Roles.Channel, Roles.ServiceAgent, Roles.OperationsAdmin],
        [OrderWatch] = [Roles.Channel, Roles.OperationsAdmin],
        [HoldRelease] = [Roles.ServiceAgent, Roles.Finance],
        [Fulfilment] = [Roles.StoreStaff, Roles.StockFeed],
        [DeliveryEvents] = [Roles.StockFeed, Roles.OperationsAdmin],
        [BillingRead] = [Roles.Finance, Roles.ServiceAgent, Roles.OperationsAdmin, Roles.Channel, Roles.Customer],
        [BillingWrite] = [Roles.Finance],
        [PaymentResults] = [Roles.PaymentIntegration, Roles.OperationsAdmin],
        [ReturnsCreate] = [Roles.Channel, Roles.Customer, Roles.ServiceAgent, Roles.OperationsAdmin, Roles.StoreStaff],
        [ReturnsReceive] = [Roles.StoreStaff, Roles.StockFeed, Roles.OperationsAdmin],
        [ReturnsRead] = [Roles.Channel, Roles.Customer, Roles.ServiceAgent, Roles.OperationsAdmin, Roles.StoreStaff, Roles.Finance],
        [ReturnsManage] = [Roles.ServiceAgent, Roles.Finance, Roles.OperationsAdmin],
        [CustomersRegister] = [Roles.Channel, Roles.ServiceAgent, Roles.StoreStaff],
        [CustomersRead] = [Roles.ServiceAgent, Roles.OperationsAdmin, Roles.Finance, Roles.Customer],
        [CustomersWrite] = [Roles.ServiceAgent, Roles.Customer],
        [CustomersSearch] = [Roles.ServiceAgent, Roles.OperationsAdmin, Roles.Finance],
        [CustomersManage] = [Roles.ServiceAgent, Roles.OperationsAdmin],
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
