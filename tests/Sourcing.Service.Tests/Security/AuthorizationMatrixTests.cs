using Google.Protobuf.Reflection;
using Grpc.Core;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Security;

/// <summary>
/// Every RPC of the public API × every role, plus calls with no token, an expired token, a token signed by an unknown
/// key and one for another audience. The RPC list comes from the compiled proto descriptors, so a new RPC without an
/// entry in <see cref="Expected"/> fails here; an allowed call may still fail validation (its body is empty), but never
/// with UNAUTHENTICATED or PERMISSION_DENIED.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class AuthorizationMatrixTests(RedisFixture redis)
{
    private static readonly string[] Readers = ["channel", "stock-feed", "operations-admin", "service-agent", "store-staff", "merchandiser"];

    private static readonly string[] BillingReaders = ["finance", "service-agent", "operations-admin", "channel", "customer"];

    private static readonly string[] ReturnCreators = ["channel", "customer", "service-agent", "operations-admin", "store-staff"];

    private static readonly string[] ReturnReaders = ["channel", "customer", "service-agent", "operations-admin", "store-staff", "finance"];

    private static readonly string[] ReturnReceivers = ["store-staff", "stock-feed", "operations-admin"];

    private static readonly string[] ReturnManagers = ["service-agent", "finance", "operations-admin"];

    private static readonly string[] CustomerReaders = ["service-agent", "operations-admin", "finance", "customer"];

    private static readonly string[] CustomerWriters = ["service-agent", "customer"];

    private static readonly string[] CustomerManagers = ["service-agent", "operations-admin"];

    /// <summary>Who may call what, written out independently of the service's own policy table.</summary>
    private static readonly Dictionary<string, string[]> Expected = new()
    {
        ["sourcing.v1.SourcingService/Promise"] = ["channel"],
        ["sourcing.v1.SourcingService/SourceOrder"] = ["channel"],
        ["sourcing.v1.InventoryService/SetStock"] = ["stock-feed", "operations-admin"],
        ["sourcing.v1.InventoryService/AdjustStock"] = ["stock-feed", "operations-admin"],
        ["sourcing.v1.InventoryService/SetSafetyStock"] = ["stock-feed", "operations-admin"],
        ["sourcing.v1.InventoryService/ImportStock"] = ["stock-feed", "operations-admin"],
        ["sourcing.v1.InventoryService/GetAvailability"] = Readers,
        ["sourcing.v1.InventoryService/WatchStock"] = ["channel", "stock-feed", "operations-admin"],
        ["sourcing.v1.InventoryService/Reserve"] = ["channel", "operations-admin"],
        ["sourcing.v1.InventoryService/CommitReservation"] = ["channel", "operations-admin"],
        ["sourcing.v1.InventoryService/ReleaseReservation"] = ["channel", "operations-admin"],
        ["sourcing.v1.InventoryService/GetReservation"] = ["channel", "operations-admin"],
        ["sourcing.v1.LocationService/UpsertLocation"] = ["operations-admin"],
        ["sourcing.v1.LocationService/GetLocation"] = Readers,
        ["sourcing.v1.LocationService/ListLocations"] = Readers,
        ["sourcing.v1.RulesService/ValidateRuleFile"] = ["merchandiser", "rules-admin"],
        ["sourcing.v1.RulesService/ReloadRules"] = ["rules-admin"],
        ["sourcing.v1.RulesService/GetRulesVersion"] = ["merchandiser", "rules-admin"],
        ["sourcing.v1.RulesService/ListRules"] = ["merchandiser", "rules-admin"],
        ["sourcing.v1.AuditService/ListAuditEntries"] = ["operations-admin"],
        ["sourcing.v1.OrderService/CreateOrder"] = ["channel"],
        ["sourcing.v1.OrderService/GetOrder"] = ["channel", "service-agent", "finance", "operations-admin"],
        ["sourcing.v1.OrderService/ListOrders"] = ["channel", "service-agent", "finance", "operations-admin"],
        ["sourcing.v1.OrderService/CancelOrder"] = ["channel", "service-agent", "operations-admin"],
        ["sourcing.v1.OrderService/WatchOrderEvents"] = ["channel", "operations-admin"],
        ["sourcing.v1.OrderService/ReleaseHold"] = ["service-agent", "finance"],
        ["sourcing.v1.OrderService/ReevaluateOrder"] = ["service-agent", "finance"],
        ["sourcing.v1.OrderService/AcceptFulfilmentOrder"] = ["store-staff", "stock-feed"],
        ["sourcing.v1.OrderService/MarkFulfilmentOrderPacked"] = ["store-staff", "stock-feed"],
        ["sourcing.v1.OrderService/RejectFulfilmentLines"] = ["store-staff", "stock-feed"],
        ["sourcing.v1.OrderService/ConfirmShipment"] = ["store-staff", "stock-feed"],
        ["sourcing.v1.OrderService/RecordDeliveryEvent"] = ["stock-feed", "operations-admin"],
        ["sourcing.v1.BillingService/GetDocument"] = BillingReaders,
        ["sourcing.v1.BillingService/GetDocumentPdf"] = BillingReaders,
        ["sourcing.v1.BillingService/ListDocuments"] = BillingReaders,
        ["sourcing.v1.BillingService/GetCustomerAccount"] = BillingReaders,
        ["sourcing.v1.BillingService/IssueCreditNote"] = ["finance"],
        ["sourcing.v1.BillingService/RecordPayment"] = ["finance"],
        ["sourcing.v1.BillingService/ImportBankStatement"] = ["finance"],
        ["sourcing.v1.BillingService/ListUnassignedPayments"] = ["finance"],
        ["sourcing.v1.BillingService/AssignPayment"] = ["finance"],
        ["sourcing.v1.BillingService/RunDunning"] = ["finance"],
        ["sourcing.v1.BillingService/SetCreditLimit"] = ["finance"],
        ["sourcing.v1.BillingService/RecordPaymentResult"] = ["payment-integration", "operations-admin"],
        ["sourcing.v1.BillingService/WatchBillingEvents"] = ["payment-integration", "operations-admin"],
        ["sourcing.v1.ReturnService/AuthoriseReturn"] = ReturnCreators,
        ["sourcing.v1.ReturnService/ProposeReturnDestination"] = ReturnCreators,
        ["sourcing.v1.ReturnService/GetReturn"] = ReturnReaders,
        ["sourcing.v1.ReturnService/ListReturns"] = ReturnReaders,
        ["sourcing.v1.ReturnService/RecordDropOff"] = ReturnReceivers,
        ["sourcing.v1.ReturnService/ReceiveReturn"] = ReturnReceivers,
        ["sourcing.v1.ReturnService/CancelReturn"] = ReturnManagers,
        ["sourcing.v1.ReturnService/RefundReturn"] = ReturnManagers,
        ["sourcing.v1.ReturnService/SendToRepairPartner"] = ReturnManagers,
        ["sourcing.v1.ReturnService/RecordRepairOutcome"] = ReturnManagers,
        ["sourcing.v1.ReturnService/ShipRepairBack"] = ReturnManagers,
        ["sourcing.v1.CustomerService/RegisterCustomer"] = ["channel", "service-agent", "store-staff"],
        ["sourcing.v1.CustomerService/GetCustomer"] = CustomerReaders,
        ["sourcing.v1.CustomerService/GetCustomerOverview"] = CustomerReaders,
        ["sourcing.v1.CustomerService/ListCustomerTimeline"] = CustomerReaders,
        ["sourcing.v1.CustomerService/ExportCustomerData"] = CustomerReaders,
        ["sourcing.v1.CustomerService/UpdateContactData"] = CustomerWriters,
        ["sourcing.v1.CustomerService/AddIdentity"] = CustomerWriters,
        ["sourcing.v1.CustomerService/RemoveIdentity"] = CustomerWriters,
        ["sourcing.v1.CustomerService/SearchCustomers"] = ["service-agent", "operations-admin", "finance"],
        ["sourcing.v1.CustomerService/ClassifyCustomer"] = CustomerManagers,
        ["sourcing.v1.CustomerService/MergeCustomers"] = CustomerManagers,
        ["sourcing.v1.CustomerService/UndoMerge"] = CustomerManagers,
        ["sourcing.v1.CustomerService/EraseCustomer"] = CustomerManagers,
    };

    private static readonly string[] AllRoles =
        ["channel", "stock-feed", "merchandiser", "rules-admin", "operations-admin", "service-agent", "finance", "store-staff", "customer", "payment-integration"];

    public static IEnumerable<MethodDescriptor> ApiMethods() =>
        typeof(SourcingService).Assembly.GetTypes()
            .Where(t => t.Namespace == "Sourcing.V1" && t.Name.EndsWith("Reflection", StringComparison.Ordinal))
            .Select(t => (FileDescriptor)t.GetProperty("Descriptor")!.GetValue(null)!)
            .SelectMany(file => file.Services)
            .SelectMany(service => service.Methods);

    [Fact]
    public void Expected_CoversEveryRpcOfTheApi()
    {
        var names = ApiMethods().Select(Name).ToHashSet();

        Assert.Equal(names.Order(), Expected.Keys.Order());
    }

    [Fact]
    public async Task EveryRpc_EveryRole_AllowedOrRefusedAsTheTableSays()
    {
        using var host = new SourcingHost(redis.Server.Endpoint, TestTokens.HostSettings());
        var wrong = new List<string>();
        foreach (var method in ApiMethods())
        {
            foreach (var role in AllRoles)
            {
                var token = TestTokens.For("caller-" + role, [role], channels: ["web"], locations: ["*"]);
                var status = await CallAsync(host, method, token);
                var allowed = Expected[Name(method)].Contains(role);
                var refused = status == StatusCode.PermissionDenied;
                if (allowed == refused || status == StatusCode.Unauthenticated || status == StatusCode.Unknown)
                {
                    wrong.Add($"{Name(method)} as {role}: {status}");
                }
            }
        }

        Assert.Empty(wrong);
    }

    [Fact]
    public async Task EveryRpc_WithoutAValidToken_IsUnauthenticated()
    {
        using var host = new SourcingHost(redis.Server.Endpoint, TestTokens.HostSettings());
        string[] all = AllRoles;
        var invalid = new Dictionary<string, string?>
        {
            ["no token"] = null,
            ["expired"] = TestTokens.For("late", all, ["*"], ["*"], lifetime: TimeSpan.FromMinutes(-10)),
            ["unknown key"] = TestTokens.For("forger", all, ["*"], ["*"], untrustedKey: true),
            ["other audience"] = TestTokens.For("elsewhere", all, ["*"], ["*"], audience: "billing"),
            ["not a JWT"] = "not-a-token",
        };
        var wrong = new List<string>();
        foreach (var method in ApiMethods())
        {
            foreach (var (kind, token) in invalid)
            {
                var status = await CallAsync(host, method, token);
                if (status != StatusCode.Unauthenticated)
                {
                    wrong.Add($"{Name(method)} with {kind}: {status}");
                }
            }
        }

        Assert.Empty(wrong);
    }

    private static string Name(MethodDescriptor method) => $"{method.Service.FullName}/{method.Name}";

    /// <summary>Calls one RPC with an empty body and returns the status it ended with.</summary>
    private static async Task<StatusCode> CallAsync(SourcingHost host, MethodDescriptor descriptor, string? token)
    {
        var type = (descriptor.IsClientStreaming, descriptor.IsServerStreaming) switch
        {
            (false, false) => MethodType.Unary,
            (true, false) => MethodType.ClientStreaming,
            (false, true) => MethodType.ServerStreaming,
            _ => MethodType.DuplexStreaming,
        };
        var bytes = Marshallers.Create<byte[]>(b => b, b => b);
        var method = new Method<byte[], byte[]>(type, descriptor.Service.FullName, descriptor.Name, bytes, bytes);
        var options = new CallOptions(
            headers: token is null ? null : TestTokens.Bearer(token),
            deadline: DateTime.UtcNow.AddSeconds(type == MethodType.ServerStreaming ? 1 : 10));
        var invoker = host.Channel.CreateCallInvoker();
        try
        {
            switch (type)
            {
                case MethodType.Unary:
                    await invoker.AsyncUnaryCall(method, null, options, []);
                    break;
                case MethodType.ClientStreaming:
                    using (var call = invoker.AsyncClientStreamingCall(method, null, options))
                    {
                        await call.RequestStream.CompleteAsync();
                        await call.ResponseAsync;
                    }

                    break;
                default:
                    using (var call = invoker.AsyncServerStreamingCall(method, null, options, []))
                    {
                        while (await call.ResponseStream.MoveNext(CancellationToken.None))
                        {
                        }
                    }

                    break;
            }

            return StatusCode.OK;
        }
        catch (RpcException exception)
        {
            return exception.StatusCode;
        }
    }
}
