using Grpc.Core;
using Sourcing.LoadTest.Recording;

namespace Sourcing.LoadTest.Scenarios;

/// <summary>Runs one unary call and names its outcome; the answer goes to <c>onOk</c> when there is one.</summary>
internal static class GrpcCall
{
    public static async Task<CallOutcome> RunAsync<T>(string rpc, AsyncUnaryCall<T> call, Action<T>? onOk = null)
    {
        try
        {
            var answer = await call.ResponseAsync;
            onOk?.Invoke(answer);
            return new CallOutcome(rpc, StatusNames.Ok);
        }
        catch (RpcException e)
        {
            return new CallOutcome(rpc, StatusNames.Of(e.StatusCode));
        }
        finally
        {
            call.Dispose();
        }
    }
}
