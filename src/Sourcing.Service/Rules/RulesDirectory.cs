namespace Sourcing.Service.Rules;

/// <summary>
/// Finds the rules folder: the configured path; else the <c>rules/</c> shipped beside the binary (a published build
/// carries the default rules there; a development build does not, so edits in the repository are what it runs); else
/// the nearest <c>rules/</c> above the content root (the repository's, under <c>dotnet run</c>).
/// </summary>
internal static class RulesDirectory
{
    public static string Resolve(string? configured, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured, contentRoot);
        }

        var shipped = Path.Combine(AppContext.BaseDirectory, "rules");
        if (HasRuleFiles(shipped))
        {
            return shipped;
        }

        for (var directory = new DirectoryInfo(contentRoot); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "rules");
            if (HasRuleFiles(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"No rules folder found above {contentRoot}; set Rules:Directory (env Rules__Directory).");
    }

    private static bool HasRuleFiles(string directory) =>
        Directory.Exists(directory) && Directory.EnumerateFiles(directory, "*.json").Any();
}
