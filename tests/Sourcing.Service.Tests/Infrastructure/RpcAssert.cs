using Google.Rpc;
using Grpc.Core;

namespace Sourcing.Service.Tests.Infrastructure;

public static class RpcAssert
{
    /// <summary>Asserts the call fails with INVALID_ARGUMENT and a BadRequest violation naming <paramref name="field"/>.</summary>
    public static async Task<BadRequest.Types.FieldViolation> InvalidArgumentAsync(string field, Func<Task> call)
    {
        var exception = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(StatusCode.InvalidArgument, exception.StatusCode);
        var badRequest = exception.GetRpcStatus()?.GetDetail<BadRequest>();
        Assert.NotNull(badRequest);
        return Assert.Single(badRequest.FieldViolations, v => v.Field == field);
    }

    public static async Task<RpcException> StatusAsync(StatusCode expected, Func<Task> call)
    {
        var exception = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(expected, exception.StatusCode);
        return exception;
    }
}
