namespace Sourcing.Service.Rules;

/// <summary>Finds the rules folder: the configured path, else the nearest <c>rules/</c> above the content root (the repository's).</summary>
internal static class RulesDirectory
{
    public static string Resolve(string? configured, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured, contentRoot);
        }

        for (var directory = new DirectoryInfo(contentRoot); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "rules");
            if (Directory.Exists(candidate) && Directory.EnumerateFiles(candidate, "*.json").Any())
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"No rules folder found above {contentRoot}; set Rules:Directory (env Rules__Directory).");
    }
}
