namespace Sourcing.Rules.Kinds;

/// <summary>Hold codes are what people filter held orders by: upper-case letters and underscores only.</summary>
internal static class HoldCodes
{
    public static string? Problem(string? code, bool required)
    {
        if (code is null)
        {
            return required ? "hold must be an upper-case code such as FRAUD_REVIEW" : null;
        }

        return code.Length > 0 && code.All(c => char.IsAsciiLetterUpper(c) || c == '_')
            ? null
            : "hold must be an upper-case code such as FRAUD_REVIEW";
    }
}
