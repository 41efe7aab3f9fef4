using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Sourcing.Rules.Loading;
using Sourcing.Service.Errors;
using Sourcing.Service.Audit;
using Sourcing.Service.Replicas;
using Sourcing.Service.Security;
using Sourcing.V1;

namespace Sourcing.Service.Rules;

/// <summary>
/// The rules admin surface: maps messages and delegates to <see cref="RuleSetHost"/> and <see cref="RuleSetLoader"/>.
/// A reload is announced to the other instances, which reload their own folders; the version of each is in
/// GetRulesVersion.
/// </summary>
public sealed partial class RulesGrpcService(
    RuleSetHost rules, IReplicaBus replicas, IInstanceRegistry instances, InstanceHeartbeat heartbeat, TimeProvider clock, ILogger<RulesGrpcService> logger)
    : RulesService.RulesServiceBase
{
    [Authorize(Policy = RpcPolicies.RulesRead)]
    public override Task<ValidateRuleFileResponse> ValidateRuleFile(ValidateRuleFileRequest request, ServerCallContext context)
    {
        if (!FileNamePattern().IsMatch(request.FileName))
        {
            throw new RequestValidationException([new FieldProblem("file_name", $"'{request.FileName}' must be a plain name ending in .json, such as eligibility.json")]);
        }

        var problems = RuleSetLoader.Validate(rules.Directory, rules.Options, request.FileName, request.Content);
        var response = new ValidateRuleFileResponse { Valid = problems.Count == 0 };
        response.Problems.AddRange(problems.Select(ToProto));
        return Task.FromResult(response);
    }

    [Audited]
    [Authorize(Policy = RpcPolicies.RulesReload)]
    public override async Task<ReloadRulesResponse> ReloadRules(ReloadRulesRequest request, ServerCallContext context)
    {
        var result = rules.Reload();
        // Announced whether or not this instance applied it: every instance validates its own folder and decides alone.
        try
        {
            await replicas.PublishAsync(ReplicaSignal.ReloadRules);
        }
        catch (Exception exception) when (exception is StackExchange.Redis.RedisException or TimeoutException)
        {
            // This instance's reload happened; the others keep their version until they are reloaded, which their
            // heartbeat (GetRulesVersion) shows.
            LogNotAnnounced(logger, exception.Message);
        }

        var response = new ReloadRulesResponse { Applied = result.Applied, ActiveVersion = result.ActiveVersion };
        response.Problems.AddRange(result.Problems.Select(ToProto));
        return response;
    }

    [Authorize(Policy = RpcPolicies.RulesRead)]
    public override async Task<RulesVersion> GetRulesVersion(GetRulesVersionRequest request, ServerCallContext context)
    {
        var response = new RulesVersion { Version = rules.Current.Version };
        if (rules.LastReload is { } last)
        {
            response.LastReloadApplied = last.Applied;
            response.LastReloadProblems.AddRange(last.Problems.Select(ToProto));
        }

        // This instance from its live state; the others from their heartbeats.
        var self = heartbeat.Current();
        response.InstanceId = self.InstanceId;
        IReadOnlyList<InstanceRecord> seen;
        try
        {
            seen = await instances.ListAsync(clock.GetUtcNow(), context.CancellationToken);
        }
        catch (Exception exception) when (exception is StackExchange.Redis.RedisException or TimeoutException)
        {
            // The heartbeats are out of reach: this instance still answers for itself.
            LogInstancesUnreadable(logger, exception.Message);
            seen = [];
        }

        response.Instances.AddRange(seen.Where(r => r.InstanceId != self.InstanceId).Append(self)
            .OrderBy(r => r.InstanceId, StringComparer.Ordinal).Select(ToProto));
        return response;
    }

    [Authorize(Policy = RpcPolicies.RulesRead)]
    public override Task<ListRulesResponse> ListRules(ListRulesRequest request, ServerCallContext context)
    {
        var current = rules.Current;
        var response = new ListRulesResponse { Version = current.Version };
        response.Rules.AddRange(current.Rules.Select(r => new RuleDescription { Name = r.Name, Kind = r.Kind, Origin = r.Origin, Description = r.Description }));
        return Task.FromResult(response);
    }

    private static InstanceRulesVersion ToProto(InstanceRecord record)
    {
        var proto = new InstanceRulesVersion
        {
            InstanceId = record.InstanceId,
            Version = record.RulesVersion,
            StartedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(record.StartedAt),
            SeenAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(record.SeenAt),
        };
        if (record.LastReloadApplied is { } applied)
        {
            proto.LastReloadApplied = applied;
        }

        return proto;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The rules reload could not be announced to the other instances ({Reason}); they keep their version until reloaded")]
    private static partial void LogNotAnnounced(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The other instances' heartbeats could not be read ({Reason}); GetRulesVersion answered for this instance only")]
    private static partial void LogInstancesUnreadable(ILogger logger, string reason);

    private static V1.RuleProblem ToProto(global::Sourcing.Rules.Loading.RuleProblem problem) =>
        new() { File = problem.File, Rule = problem.Rule ?? "", Problem = problem.Problem };

    [System.Text.RegularExpressions.GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,100}\.json$")]
    private static partial System.Text.RegularExpressions.Regex FileNamePattern();
}
