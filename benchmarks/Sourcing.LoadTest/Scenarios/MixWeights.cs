namespace Sourcing.LoadTest.Scenarios;

/// <summary>
/// How often each call of the mixed scenario is made, relative to the others (--mix "source=40,commit=15,...").
/// A call that needs an earlier one (commit and release need a reservation, cancel an order) is made as that earlier
/// call while there is none to act on.
/// </summary>
internal sealed record MixWeights(int Source, int Commit, int Release, int Promise, int Availability, int Create, int Cancel)
{
    public static readonly MixWeights Default = new(Source: 40, Commit: 15, Release: 5, Promise: 15, Availability: 15, Create: 8, Cancel: 2);

    public int Total => Source + Commit + Release + Promise + Availability + Create + Cancel;

    public static MixWeights Parse(string text)
    {
        var weights = Default with { Source = 0, Commit = 0, Release = 0, Promise = 0, Availability = 0, Create = 0, Cancel = 0 };
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pieces = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pieces.Length != 2 || !int.TryParse(pieces[1], out var weight) || weight < 0)
            {
                throw new ArgumentException($"--mix: '{part}' is not name=weight with a weight of 0 or more");
            }

            weights = pieces[0] switch
            {
                "source" => weights with { Source = weight },
                "commit" => weights with { Commit = weight },
                "release" => weights with { Release = weight },
                "promise" => weights with { Promise = weight },
                "availability" => weights with { Availability = weight },
                "create" => weights with { Create = weight },
                "cancel" => weights with { Cancel = weight },
                _ => throw new ArgumentException($"--mix: unknown call '{pieces[0]}' (source, commit, release, promise, availability, create, cancel)"),
            };
        }

        return weights.Total > 0 ? weights : throw new ArgumentException("--mix: at least one weight must be above 0");
    }

    public override string ToString() =>
        $"source={Source},commit={Commit},release={Release},promise={Promise},availability={Availability},create={Create},cancel={Cancel}";
}
