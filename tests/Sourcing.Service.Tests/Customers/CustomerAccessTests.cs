using Google.Rpc;
using Grpc.Core;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Customers;

/// <summary>
/// Who acts on which customer through the real host: a channel registers identities of its own channel only, a
/// customer changes only itself, and a taken identity names its holder to agents alone.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class CustomerAccessTests(RedisFixture redis)
{
    [Fact]
    public async Task RegisterCustomer_ChannelNamesAnotherChannelsAccount_PermissionDeniedOwnChannelRegistered()
    {
        await using var bed = await CustomerTestBed.StartAsync(redis, inMemory: true);
        var request = new RegisterCustomerRequest
        {
            RequestId = "reg-web-1",
            Contact = new ContactData { GivenName = "Jonas", FamilyName = "Berg" },
            Identities = { new CustomerIdentityInput { Kind = IdentityKind.Account, Scope = "marketplace", Value = "buyer-1" } },
        };

        await RpcAssert.StatusAsync(StatusCode.PermissionDenied, () => bed.WebCustomers.RegisterCustomerAsync(request).ResponseAsync);
        request.Identities[0].Scope = "";
        var registered = await bed.WebCustomers.RegisterCustomerAsync(request);
        var repeated = await bed.WebCustomers.RegisterCustomerAsync(request);

        var identity = Assert.Single(registered.Identities);
        Assert.Equal((IdentityKind.Account, "web", "buyer-1"), (identity.Kind, identity.Scope, identity.Value));
        Assert.Equal(registered.CustomerId, repeated.CustomerId);
        request.Segment = "b2b";
        var reused = await RpcAssert.StatusAsync(StatusCode.AlreadyExists, () => bed.WebCustomers.RegisterCustomerAsync(request).ResponseAsync);
        Assert.Equal("REQUEST_ID_REUSED", reused.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason);
    }

    [Fact]
    public async Task AddIdentity_HeldByAnotherCustomer_AlreadyExistsNamingTheHolderToAgentsOnly()
    {
        await using var bed = await CustomerTestBed.StartAsync(redis, inMemory: true);
        var holder = await bed.Agent.RegisterCustomerAsync(new RegisterCustomerRequest
        {
            RequestId = "reg-holder", Contact = new ContactData { GivenName = "Mia" }, Identities = { new CustomerIdentityInput { Kind = IdentityKind.LoyaltyCard, Value = "LC-777" } },
        });
        var other = await bed.Agent.RegisterCustomerAsync(new RegisterCustomerRequest { RequestId = "reg-other", Contact = new ContactData { GivenName = "Ben" } });
        var add = new CustomerIdentityRequest { Identity = new CustomerIdentityInput { Kind = IdentityKind.LoyaltyCard, Value = "lc-777" } };

        var asCustomer = await RpcAssert.StatusAsync(StatusCode.AlreadyExists, () => bed.CustomerClient(other.CustomerId).AddIdentityAsync(add).ResponseAsync);
        add.CustomerId = other.CustomerId;
        var asAgent = await RpcAssert.StatusAsync(StatusCode.AlreadyExists, () => bed.Agent.AddIdentityAsync(add).ResponseAsync);

        var customerInfo = asCustomer.GetRpcStatus()?.GetDetail<ErrorInfo>();
        Assert.Equal("IDENTITY_TAKEN", customerInfo?.Reason);
        Assert.DoesNotContain(holder.CustomerId, asCustomer.Status.Detail + string.Join(",", customerInfo!.Metadata.Values), StringComparison.Ordinal);
        Assert.Equal(holder.CustomerId, asAgent.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Metadata["customer_id"]);
        await RpcAssert.StatusAsync(StatusCode.NotFound, () => bed.CustomerClient(other.CustomerId).UpdateContactDataAsync(new UpdateContactDataRequest
        {
            CustomerId = holder.CustomerId, Contact = new ContactData { GivenName = "Mallory" },
        }).ResponseAsync);
        Assert.Equal("Mia", (await bed.Agent.GetCustomerAsync(new GetCustomerRequest { CustomerId = holder.CustomerId })).Contact.GivenName);
    }
}
