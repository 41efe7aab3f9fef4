using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Sourcing.Rules.Loading;
using Sourcing.Service.Errors;
using Sourcing.Service.Audit;
using Sourcing.Service.Security;
using Sourcing.V1;

namespace Sourcing.Service.Rules;

/// <summary>The rules admin surface: maps messages and delegates to <see cref="RuleSetHost"/> and <see cref="RuleSetLoader"/>.</summary>
public sealed partial class RulesGrpcService(RuleSetHost rules) : RulesService.RulesServiceBase
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
    public override Task<ReloadRulesResponse> ReloadRules(ReloadRulesRequest request, ServerCallContext context)
    {
        var result = rules.Reload();
        var response = new ReloadRulesResponse { Applied = result.Applied, ActiveVersion = result.ActiveVersion };
        response.Problems.AddRange(result.Problems.Select(ToProto));
        return Task.FromResult(response);
    }

    [Authorize(Policy = RpcPolicies.RulesRead)]
    public override Task<RulesVersion> GetRulesVersion(GetRulesVersionRequest request, ServerCallContext context)
    {
        var response = new RulesVersion { Version = rules.Current.Version };
        if (rules.LastReload is { } last)
        {
            response.LastReloadApplied = last.Applied;
            response.LastReloadProblems.AddRange(last.Problems.Select(ToProto));
        }

        return Task.FromResult(response);
    }

    [Authorize(Policy = RpcPolicies.RulesRead)]
    public override Task<ListRulesResponse> ListRules(ListRulesRequest request, ServerCallContext context)
    {
        var current = rules.Current;
        var response = new ListRulesResponse { Version = current.Version };
        response.Rules.AddRange(current.Rules.Select(r => new RuleDescription { Name = r.Name, Kind = r.Kind, Origin = r.Origin, Description = r.Description }));
        return Task.FromResult(response);
    }

    private static V1.RuleProblem ToProto(global::Sourcing.Rules.Loading.RuleProblem problem) =>
        new() { File = problem.File, Rule = problem.Rule ?? "", Problem = problem.Problem };

    [System.Text.RegularExpressions.GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,100}\.json$")]
    private static partial System.Text.RegularExpressions.Regex FileNamePattern();
}
