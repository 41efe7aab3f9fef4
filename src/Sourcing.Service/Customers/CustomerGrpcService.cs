using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Sourcing.Orders.Customers;
using Sourcing.Orders.Customers.Overview;
using Sourcing.Orders.Customers.Privacy;
using Sourcing.Orders.Customers.Search;
using Sourcing.Service.Audit;
using Sourcing.Service.Errors;
using Sourcing.Service.Security;
using Proto = Sourcing.V1;

namespace Sourcing.Service.Customers;

/// <summary>
/// The gRPC face of customers: validates, decides which customer the caller may see and in whose name it acts, calls
/// the directory, the overview, the search or privacy, and maps back. No customer logic lives here. Every call is
/// audited without its personal data.
/// </summary>
public sealed class CustomerGrpcService(
    CustomerDirectory directory, CustomerOverviewReader overviews, CustomerSearch search, CustomerPrivacy privacy, TimeProvider clock)
    : Proto.CustomerService.CustomerServiceBase
{
    public const int DefaultTimelinePageSize = 20;
    public const int DefaultSearchPageSize = 20;

    [Authorize(Policy = RpcPolicies.CustomersRegister)]
    [Audited(PersonalData = true)]
    public override async Task<Proto.CustomerProfile> RegisterCustomer(Proto.RegisterCustomerRequest request, ServerCallContext context)
    {
        var access = CustomerAccess.Of(context);
        ContactData contact = null!;
        List<NewIdentity> identities = null!;
        CustomerRequestReader.Validate(problems => (contact, identities) = CustomerRequestReader.Register(problems, request, clock.GetUtcNow()));
        var scoped = identities.Select((identity, i) => identity with { Scope = access.ScopeFor(identity.Kind, identity.Scope, $"identities[{i}].scope") }).ToList();
        var command = new RegisterCustomerCommand(request.RequestId, CustomerRequestReader.Fingerprint(request), contact, scoped, request.Segment);
        return Map(await Domain(() => directory.RegisterAsync(command, access.Actor(access.RegisteringChannel()), context.CancellationToken)), access);
    }

    [Authorize(Policy = RpcPolicies.CustomersRead)]
    [Audited(PersonalData = true)]
    public override async Task<Proto.CustomerProfile> GetCustomer(Proto.GetCustomerRequest request, ServerCallContext context)
    {
        var access = CustomerAccess.Of(context);
        CustomerRequestReader.Validate(problems => CustomerRequestReader.CustomerId(problems, "customer_id", request.CustomerId, mayBeEmpty: true));
        var id = await access.TargetAsync(request.CustomerId, "customer_id", directory, context.CancellationToken);
        return Map(await Domain(() => directory.GetAsync(id, context.CancellationToken)), access);
    }

    [Authorize(Policy = RpcPolicies.CustomersWrite)]
    [Audited(PersonalData = true)]
    public override async Task<Proto.CustomerProfile> UpdateContactData(Proto.UpdateContactDataRequest request, ServerCallContext context)
    {
        var access = CustomerAccess.Of(context);
        ContactData contact = null!;
        int? expected = null;
        CustomerRequestReader.Validate(problems =>
        {
            CustomerRequestReader.CustomerId(problems, "customer_id", request.CustomerId, mayBeEmpty: true);
            expected = CustomerRequestReader.ExpectedContactVersion(problems, request);
            contact = CustomerRequestReader.Contact(problems, "contact", request.Contact, clock.GetUtcNow());
        });
        var id = await access.TargetAsync(request.CustomerId, "customer_id", directory, context.CancellationToken);
        return Map(await Domain(() => directory.UpdateContactAsync(new UpdateContactCommand(id, expected, contact), access.Actor(), context.CancellationToken)), access);
    }

    [Authorize(Policy = RpcPolicies.CustomersWrite)]
    [Audited(PersonalData = true)]
    public override async Task<Proto.CustomerProfile> AddIdentity(Proto.CustomerIdentityRequest request, ServerCallContext context)
    {
        var (access, id, identity) = await IdentityRequestAsync(request, context);
        return Map(await Domain(() => directory.AddIdentityAsync(id, identity, access.Actor(), context.CancellationToken)), access);
    }

    [Authorize(Policy = RpcPolicies.CustomersWrite)]
    [Audited(PersonalData = true)]
    public override async Task<Proto.CustomerProfile> RemoveIdentity(Proto.CustomerIdentityRequest request, ServerCallContext context)
    {
        var (access, id, identity) = await IdentityRequestAsync(request, context);
        return Map(await Domain(() => directory.RemoveIdentityAsync(id, identity, access.Actor(), context.CancellationToken)), access);
    }

    [Authorize(Policy = RpcPolicies.CustomersManage)]
    [Audited(PersonalData = true)]
    public override async Task<Proto.CustomerProfile> ClassifyCustomer(Proto.ClassifyCustomerRequest request, ServerCallContext context)
    {
        var access = CustomerAccess.Of(context);
        CustomerRequestReader.Validate(problems => CustomerRequestReader.Classify(problems, request));
        var command = new ClassifyCustomerCommand(request.CustomerId, request.HasSegment ? request.Segment : null, request.HasVip ? request.Vip : null, request.Reason);
        return Map(await Domain(() => directory.ClassifyAsync(command, access.Actor(), context.CancellationToken)), access);
    }

    [Authorize(Policy = RpcPolicies.CustomersManage)]
    [Audited(PersonalData = true)]
    public override async Task<Proto.CustomerProfile> MergeCustomers(Proto.MergeCustomersRequest request, ServerCallContext context)
    {
        var access = CustomerAccess.Of(context);
        CustomerRequestReader.Validate(problems => CustomerRequestReader.Merge(problems, request));
        var command = new MergeCustomersCommand(request.SurvivorId, request.MergedId, request.Reason);
        return Map(await Domain(() => directory.MergeAsync(command, access.Actor(), context.CancellationToken)), access);
    }

    [Authorize(Policy = RpcPolicies.CustomersManage)]
    [Audited(PersonalData = true)]
    public override async Task<Proto.CustomerProfile> UndoMerge(Proto.UndoMergeRequest request, ServerCallContext context)
    {
        var access = CustomerAccess.Of(context);
        CustomerRequestReader.Validate(problems =>
        {
            CustomerRequestReader.CustomerId(problems, "merged_customer_id", request.MergedCustomerId, mayBeEmpty: false);
            CustomerRequestReader.Reason(problems, request.Reason);
        });
        return Map(await Domain(() => directory.UndoMergeAsync(request.MergedCustomerId, request.Reason, access.Actor(), context.CancellationToken)), access);
    }

    [Authorize(Policy = RpcPolicies.CustomersRead)]
    [Audited(PersonalData = true)]
    public override async Task<Proto.CustomerOverview> GetCustomerOverview(Proto.GetCustomerOverviewRequest request, ServerCallContext context)
    {
        var access = CustomerAccess.Of(context);
        var pageSize = 0;
        CustomerRequestReader.Validate(problems =>
        {
            CustomerRequestReader.CustomerId(problems, "customer_id", request.CustomerId, mayBeEmpty: true);
            pageSize = CustomerRequestReader.PageSize(problems, "timeline_page_size", request.TimelinePageSize, CustomerRequestReader.MaxTimelinePageSize, DefaultTimelinePageSize);
        });
        var id = await access.TargetAsync(request.CustomerId, "customer_id", directory, context.CancellationToken);
        var overview = await Domain(() => overviews.GetAsync(id, pageSize, context.CancellationToken));
        return CustomerMapping.ToProto(overview, access.SeesContactHistory);
    }

    [Authorize(Policy = RpcPolicies.CustomersRead)]
    [Audited(PersonalData = true)]
    public override async Task<Proto.CustomerTimelinePage> ListCustomerTimeline(Proto.ListCustomerTimelineRequest request, ServerCallContext context)
    {
        var access = CustomerAccess.Of(context);
        var pageSize = 0;
        CustomerRequestReader.Validate(problems =>
        {
            CustomerRequestReader.CustomerId(problems, "customer_id", request.CustomerId, mayBeEmpty: true);
            pageSize = CustomerRequestReader.PageSize(problems, "page_size", request.PageSize, CustomerRequestReader.MaxTimelinePageSize, DefaultTimelinePageSize);
            CustomerRequestReader.PageToken(problems, "page_token", request.PageToken, CustomerRequestReader.MaxTimelineTokenLength);
        });
        var id = await access.TargetAsync(request.CustomerId, "customer_id", directory, context.CancellationToken);
        var page = await Domain(() => overviews.GetTimelineAsync(id, pageSize, request.PageToken.Length == 0 ? null : request.PageToken, context.CancellationToken));
        return CustomerMapping.ToProto(page);
    }

    [Authorize(Policy = RpcPolicies.CustomersSearch)]
    [Audited(PersonalData = true)]
    public override async Task<Proto.SearchCustomersResponse> SearchCustomers(Proto.SearchCustomersRequest request, ServerCallContext context)
    {
        var field = CustomerSearchField.Any;
        CustomerRequestReader.Validate(problems => field = CustomerRequestReader.Search(problems, request));
        var pageSize = request.PageSize == 0 ? DefaultSearchPageSize : request.PageSize;
        var page = await Domain(() => search.SearchAsync(request.Query, field, pageSize, request.PageToken.Length == 0 ? null : request.PageToken, context.CancellationToken));
        return CustomerMapping.ToProto(page);
    }

    [Authorize(Policy = RpcPolicies.CustomersRead)]
    [Audited(PersonalData = true)]
    public override async Task<Proto.CustomerDataExport> ExportCustomerData(Proto.ExportCustomerDataRequest request, ServerCallContext context)
    {
        var access = CustomerAccess.Of(context);
        CustomerRequestReader.Validate(problems => CustomerRequestReader.CustomerId(problems, "customer_id", request.CustomerId, mayBeEmpty: true));
        var id = await access.TargetAsync(request.CustomerId, "customer_id", directory, context.CancellationToken);
        return CustomerMapping.ToProto(id, await Domain(() => privacy.ExportAsync(id, context.CancellationToken)));
    }

    [Authorize(Policy = RpcPolicies.CustomersManage)]
    [Audited(PersonalData = true)]
    public override async Task<Proto.EraseCustomerResponse> EraseCustomer(Proto.EraseCustomerRequest request, ServerCallContext context)
    {
        var access = CustomerAccess.Of(context);
        CustomerRequestReader.Validate(problems =>
        {
            CustomerRequestReader.CustomerId(problems, "customer_id", request.CustomerId, mayBeEmpty: false);
            CustomerRequestReader.Reason(problems, request.Reason);
        });
        return CustomerMapping.ToProto(await Domain(() => privacy.EraseAsync(request.CustomerId, request.Reason, access.Actor(), context.CancellationToken)));
    }

    private async Task<(CustomerAccess Access, string CustomerId, NewIdentity Identity)> IdentityRequestAsync(Proto.CustomerIdentityRequest request, ServerCallContext context)
    {
        var access = CustomerAccess.Of(context);
        NewIdentity? identity = null;
        CustomerRequestReader.Validate(problems =>
        {
            CustomerRequestReader.CustomerId(problems, "customer_id", request.CustomerId, mayBeEmpty: true);
            identity = CustomerRequestReader.Identity(problems, "identity", request.Identity);
        });
        var scoped = identity! with { Scope = access.ScopeFor(identity!.Kind, identity.Scope, "identity.scope") };
        var id = await access.TargetAsync(request.CustomerId, "customer_id", directory, context.CancellationToken);
        return (access, id, scoped);
    }

    private static Proto.CustomerProfile Map(StoredCustomer customer, CustomerAccess access) => CustomerMapping.ToProto(customer, access.SeesContactHistory);

    /// <summary>
    /// The domain names a bad field by an <see cref="ArgumentException"/> whose parameter is the proto field, and a page
    /// token it cannot read by INVALID_PAGE_TOKEN: INVALID_ARGUMENT naming it, like the reader's problems.
    /// </summary>
    private static async Task<T> Domain<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (ArgumentException invalid) when (invalid.ParamName is { Length: > 0 } field)
        {
            var message = invalid.Message;
            var suffix = $" (Parameter '{field}')";
            throw new RequestValidationException([new FieldProblem(field, message.EndsWith(suffix, StringComparison.Ordinal) ? message[..^suffix.Length] : message)]);
        }
        catch (CustomerStateException unreadable) when (unreadable.Code == "INVALID_PAGE_TOKEN")
        {
            throw new RequestValidationException([new FieldProblem("page_token", "is not a token this service gave out")]);
        }
    }
}
