using System.Text;
using Grpc.Core;

namespace Sourcing.LoadTest.Recording;

/// <summary>Call outcomes as the gRPC specification spells them (DEADLINE_EXCEEDED), plus the tool's own.</summary>
internal static class StatusNames
{
    public const string Ok = "OK";

    /// <summary>The open-loop schedule was due to start a call while --max-inflight calls were already open.</summary>
    public const string NotStarted = "NOT_STARTED_TOO_MANY_IN_FLIGHT";

    /// <summary>The client failed outside gRPC (a bug of the tool or the machine, not an answer of the service).</summary>
    public const string ClientError = "CLIENT_ERROR";

    public static string Of(StatusCode code)
    {
        var name = code.ToString();
        var upper = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                upper.Append('_');
            }

            upper.Append(char.ToUpperInvariant(name[i]));
        }

        return upper.ToString();
    }
}
