using Sourcing.Service.Errors;
using Sourcing.Service.Locations;
using Proto = Sourcing.V1;

namespace Sourcing.Service.Sourcing;

/// <summary>Promise: one stock read, then per delivery option the same decision SourceOrder would make, without holding anything.</summary>
public sealed class PromiseHandler(SourcingPipeline pipeline, LocationCatalog locations, SolveBudget budget)
{
    public async Task<Proto.PromiseResponse> HandleAsync(Proto.PromiseRequest request, DateTime callDeadlineUtc, CancellationToken cancellationToken)
    {
        var problems = new ProblemList();
        var order = SourcingRequestReader.ReadOrder(problems, "promise", request.Channel, request.Customer, request.Destination, request.Lines, "", 0);
        if (request.Options.Count is 0 or > SourcingRequestReader.MaxOptions)
        {
            problems.Add("options", $"ask for 1 to {SourcingRequestReader.MaxOptions} delivery options, {request.Options.Count} were given");
        }

        var network = await locations.GetAllAsync(cancellationToken);
        var choices = request.Options.Select((option, i) => SourcingRequestReader.ReadDelivery(problems, $"options[{i}]", option, network)).ToList();
        problems.ThrowIfAny();

        var snapshot = await pipeline.ReadAsync(order, network, cancellationToken, withReceivables: false);
        var perOption = budget.For(callDeadlineUtc, choices.Count);
        var response = new Proto.PromiseResponse();
        for (var i = 0; i < choices.Count; i++)
        {
            var decision = pipeline.Decide(order, choices[i], snapshot, perOption);
            response.RulesVersion = decision.Directives.RulesVersion;
            response.Options.Add(SourcingResponseWriter.Promise(request.Options[i], decision));
        }

        return response;
    }
}
