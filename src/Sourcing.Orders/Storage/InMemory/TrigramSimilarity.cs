namespace Sourcing.Orders.Storage.InMemory;

/// <summary>
/// PostgreSQL pg_trgm's <c>similarity()</c> and <c>word_similarity()</c>, computed the way the extension computes them
/// (same word splitting, padding, single-precision arithmetic and the same greedy extent search), so the in-memory
/// customer search finds and ranks exactly what the PostgreSQL one does.
/// </summary>
internal static class TrigramSimilarity
{
    /// <summary>Shared trigrams over all distinct trigrams of both texts (0 when either has none).</summary>
    public static float Similarity(string first, string second)
    {
        var a = new HashSet<string>(Trigrams(first), StringComparer.Ordinal);
        var b = new HashSet<string>(Trigrams(second), StringComparer.Ordinal);
        if (a.Count == 0 || b.Count == 0)
        {
            return 0f;
        }

        var shared = a.Count(b.Contains);
        return Ratio(shared, a.Count, b.Count);
    }

    /// <summary>
    /// How well <paramref name="query"/> matches some run of consecutive trigrams of <paramref name="text"/>: what lets
    /// "anna.schmidt@" find "anna.schmidt@example.com". pg_trgm finds the run greedily (extending the upper bound at
    /// each trigram the query has, then moving the lower bound up while that improves the ratio); this follows it step
    /// by step rather than searching every run, because an exhaustive search would sometimes score higher than the
    /// database and the two stores would disagree near the threshold.
    /// </summary>
    public static float WordSimilarity(string query, string text)
    {
        var queryTrigrams = new HashSet<string>(Trigrams(query), StringComparer.Ordinal);
        var textTrigrams = Trigrams(text);

        // Each distinct trigram of the text gets a slot; found[slot] says whether the query has it.
        var slots = new Dictionary<string, int>(StringComparer.Ordinal);
        var slotOf = new int[textTrigrams.Count];
        var found = new List<bool>();
        for (var i = 0; i < textTrigrams.Count; i++)
        {
            if (!slots.TryGetValue(textTrigrams[i], out var slot))
            {
                slot = slots.Count;
                slots.Add(textTrigrams[i], slot);
                found.Add(queryTrigrams.Contains(textTrigrams[i]));
            }

            slotOf[i] = slot;
        }

        var queryCount = queryTrigrams.Count;
        var lastPosition = new int[slots.Count];
        Array.Fill(lastPosition, -1);
        int extentDistinct = 0, shared = 0, lower = -1;
        var best = 0f;
        for (var i = 0; i < slotOf.Length; i++)
        {
            var slot = slotOf[i];
            if (lower >= 0 || found[slot])
            {
                if (lastPosition[slot] < 0)
                {
                    extentDistinct++;
                    if (found[slot])
                    {
                        shared++;
                    }
                }

                lastPosition[slot] = i;
            }

            if (!found[slot])
            {
                continue;
            }

            var upper = i;
            if (lower == -1)
            {
                lower = i;
                extentDistinct = 1;
            }

            var current = Ratio(shared, queryCount, extentDistinct);
            int candidateShared = shared, candidateDistinct = extentDistinct, previousLower = lower;
            for (var candidateLower = lower; candidateLower <= upper; candidateLower++)
            {
                var candidate = Ratio(candidateShared, queryCount, candidateDistinct);
                if (candidate > current)
                {
                    current = candidate;
                    extentDistinct = candidateDistinct;
                    lower = candidateLower;
                    shared = candidateShared;
                }

                var leaving = slotOf[candidateLower];
                if (lastPosition[leaving] == candidateLower)
                {
                    candidateDistinct--;
                    if (found[leaving])
                    {
                        candidateShared--;
                    }
                }
            }

            best = Math.Max(best, current);
            for (var dropped = previousLower; dropped < lower; dropped++)
            {
                var leaving = slotOf[dropped];
                if (lastPosition[leaving] == dropped)
                {
                    lastPosition[leaving] = -1;
                }
            }
        }

        return best;
    }

    /// <summary>
    /// The trigrams in text order, duplicates kept: each run of letters and digits, lower-cased, padded with two spaces
    /// in front and one behind ("  anna "), cut into every three consecutive characters.
    /// </summary>
    public static List<string> Trigrams(string text)
    {
        var trigrams = new List<string>();
        var lowered = text.ToLowerInvariant();
        var start = -1;
        for (var i = 0; i <= lowered.Length; i++)
        {
            var inWord = i < lowered.Length && char.IsLetterOrDigit(lowered[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                var padded = "  " + lowered[start..i] + " ";
                for (var j = 0; j + 3 <= padded.Length; j++)
                {
                    trigrams.Add(padded.Substring(j, 3));
                }

                start = -1;
            }
        }

        return trigrams;
    }

    // pg_trgm's CALCSML, in single precision like the extension, so scores compare equal across the two stores.
    private static float Ratio(int shared, int firstCount, int secondCount)
    {
        var denominator = (float)(firstCount + secondCount - shared);
        return denominator <= 0f ? 0f : shared / denominator;
    }
}
