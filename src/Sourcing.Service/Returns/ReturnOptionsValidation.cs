using Microsoft.Extensions.Options;
using Sourcing.Orders.Returns;

namespace Sourcing.Service.Returns;

/// <summary>
/// Checks the <c>Returns</c> section at start, so a wrong setting stops the service with the reason instead of
/// authorising returns that run out at once or counting days in a time zone the machine does not know.
/// </summary>
internal sealed class ReturnOptionsValidation : IValidateOptions<ReturnOptions>
{
    public ValidateOptionsResult Validate(string? name, ReturnOptions options)
    {
        var problems = new List<string>();
        if (options.AuthorisationValidity < TimeSpan.FromHours(1) || options.AuthorisationValidity > TimeSpan.FromDays(365))
        {
            problems.Add($"Returns:AuthorisationValidity must be between 01:00:00 and 365.00:00:00, was {options.AuthorisationValidity}");
        }

        if (options.DefaultReturnWithinDays is < 1 or > 365)
        {
            problems.Add($"Returns:DefaultReturnWithinDays must be 1-365, was {options.DefaultReturnWithinDays}");
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone ?? "", out _))
        {
            problems.Add($"Returns:TimeZone '{options.TimeZone}' is not a time zone this machine knows (IANA id such as Europe/Berlin)");
        }

        if (options.MaxLinesPerReturn is < 1 or > 500)
        {
            problems.Add($"Returns:MaxLinesPerReturn must be 1-500, was {options.MaxLinesPerReturn}");
        }

        // Every return is stored in its order's document: these bound the document's size.
        if (options.MaxReturnsPerOrder is < 1 or > 500)
        {
            problems.Add($"Returns:MaxReturnsPerOrder must be 1-500, was {options.MaxReturnsPerOrder}");
        }

        if (options.MaxReceiptsPerReturn is < 1 or > 100)
        {
            problems.Add($"Returns:MaxReceiptsPerReturn must be 1-100, was {options.MaxReceiptsPerReturn}");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
