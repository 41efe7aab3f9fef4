namespace Sourcing.Testing;

/// <summary>Finds the repository's real <c>rules/</c> folder from the test's output folder.</summary>
public static class RepositoryPaths
{
    /// <summary>The folder holding Sourcing.sln.</summary>
    public static string Root { get; } = FindRoot();

    public static string RulesDirectory { get; } = Path.Combine(Root, "rules");

    /// <summary>A fresh copy of the real rules in a temporary folder, for tests that edit files.</summary>
    public static string CopyOfRules()
    {
        var target = Path.Combine(Path.GetTempPath(), "sourcing-rules-" + Guid.NewGuid().ToString("N")[..8]);
        foreach (var file in Directory.EnumerateFiles(RulesDirectory, "*.json", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(RulesDirectory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        return target;
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Sourcing.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Sourcing.sln not found above " + AppContext.BaseDirectory);
    }
}
