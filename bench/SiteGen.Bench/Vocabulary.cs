using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace SiteGen.Bench;

/// <summary>Danish words for the synthetic archive with the shape of real text: word frequencies taken from
/// real referater (<c>ordforraad.tsv</c>, made by <c>bench vocabulary</c> from the seeds), sampled
/// Zipf-like; and a vocabulary that grows with the archive like real text (Heaps' law), so that a word is
/// on some pages, not on every page, and the search index has the size and spread of a real one.</summary>
/// <remarks>
/// Choices (docs/perf-notes-search.md):
/// <list type="bullet">
/// <item>Head: the seeds' words with their observed counts (words seen only capitalised, i.e. names, are
/// left out), plus a few municipal words a citizen searches for that three meetings of Direktionen
/// lack (<see cref="Supplement"/>), each with the weight of a word seen <see cref="SupplementCount"/> times.</item>
/// <item>Size: V(N) = K·N^β distinct words for N tokens, β = 0.55 (Heaps' law; 0.4–0.6 is usual,
/// compound-rich Danish at the upper end), K fitted so the seeds lie on the curve.</item>
/// <item>Tail: beyond the seeds' words, deterministic compounds of two seed words (Danish writes
/// compounds as one word: <i>budget</i> + <i>opfølgning</i>), weighted (h/r)^(1/β) for rank r after the
/// h head words, continuing from a word seen once in the seeds. A rank-frequency exponent of 1/β is
/// what makes the distinct words actually drawn grow as N^β; 2·V(N) compounds are offered, the rarest
/// are seldom drawn. The compounds come in a fixed order, so a smaller archive's vocabulary is a prefix
/// of a larger one's.</item>
/// <item>Burstiness: the 100 most frequent words (function words) are drawn from the whole text; an item's
/// content words come 80% from its own 20 topic words (<see cref="TopicShare"/>), so a topical word is
/// frequent where it occurs and absent from most meetings, as in real referater.</item>
/// <item>Letters only: no digit can form a CPR or phone number.</item>
/// </list>
/// </remarks>
public sealed partial class Vocabulary
{
    public const double HeapsBeta = 0.55;

    /// <summary>Words of text the generator writes per meeting on average (measured: 6–10 items of ~210 words, attachment titles).</summary>
    public const int TokensPerMeeting = 1_800;

    public const int SupplementCount = 2;

    /// <summary>Words citizens search for that the seeds (three meetings of Direktionen) do not contain.</summary>
    public static readonly string[] Supplement =
    [
        "affald", "affaldsordning", "genbrug", "lokalplan", "lokalplanen", "boliger", "boligområde", "skolen", "skoler",
        "daginstitution", "daginstitutioner", "ældre", "ældreplejen", "plejecenter", "plejecentre", "hjemmeplejen",
        "budget", "regnskab", "regnskabet", "trafik", "trafiksikkerhed", "vejene", "cykelsti", "kollektiv", "bus",
        "beskæftigelse", "ledighed", "klimaplan", "klimahandleplan", "spildevand", "natur", "kultur", "idræt",
        "bibliotek", "sundhed", "handicap", "anbringelser", "udbud", "byggeri", "skolebyggeri", "renovering",
        "tilskud", "takster", "høring", "høringssvar", "borgmester", "anlægsbevilling", "kvalitetsrapport", "tilsyn",
    ];

    /// <summary>The most frequent seed words (og, i, for, til, på, …): drawn from the whole text everywhere.</summary>
    public const int FunctionWords = 100;

    /// <summary>Burstiness: an item is about something. Its content words come with this probability from
    /// its own <see cref="TopicSize"/> topic words (drawn once per item by frequency), else from the whole
    /// vocabulary. Without it every mid-frequency word would be in every meeting, unlike real referater.</summary>
    public const double TopicShare = 0.8;

    public const int TopicSize = 20;

    private readonly Sampler _function;
    private readonly Sampler _content;
    private readonly double _functionShare;

    public int Count { get; }

    private Vocabulary(List<string> words, List<double> weights)
    {
        Count = words.Count;
        _function = new Sampler(words.Take(FunctionWords).ToArray(), weights.Take(FunctionWords).ToArray());
        _content = new Sampler(words.Skip(FunctionWords).ToArray(), weights.Skip(FunctionWords).ToArray());
        _functionShare = weights.Take(FunctionWords).Sum() / weights.Sum();
    }

    /// <summary>The topic words of one item.</summary>
    public string[] Topic(Random random) => [.. Enumerable.Range(0, TopicSize).Select(_ => _content.Next(random))];

    /// <summary>A word drawn with its frequency, content words mostly from the item's <paramref name="topic"/>.</summary>
    public string Next(Random random, string[] topic) =>
        random.NextDouble() < _functionShare ? _function.Next(random)
        : random.NextDouble() < TopicShare ? topic[random.Next(topic.Length)]
        : _content.Next(random);

    private sealed class Sampler
    {
        private readonly string[] _words;
        private readonly double[] _cumulative;

        public Sampler(string[] words, double[] weights)
        {
            _words = words;
            _cumulative = new double[weights.Length];
            var sum = 0.0;
            for (var i = 0; i < weights.Length; i++) _cumulative[i] = sum += weights[i];
        }

        public string Next(Random random)
        {
            var i = Array.BinarySearch(_cumulative, random.NextDouble() * _cumulative[^1]);
            return _words[i < 0 ? ~i : Math.Min(i + 1, _words.Length - 1)];
        }
    }

    /// <summary>The vocabulary for an archive of <paramref name="meetings"/> meetings.</summary>
    public static Vocabulary For(int meetings)
    {
        var (seedTokens, counts) = LoadCounts();
        var k = counts.Count / Math.Pow(seedTokens, HeapsBeta);
        var size = (int)Math.Round(k * Math.Pow((double)meetings * TokensPerMeeting, HeapsBeta));
        var words = counts.Select(c => c.Word).ToList();
        var weights = counts.Select(c => (double)c.Count).ToList();
        foreach (var w in Supplement)
            if (!words.Contains(w)) { words.Add(w); weights.Add(SupplementCount); }
        var head = words.Count;
        var known = new HashSet<string>(words, StringComparer.Ordinal);
        foreach (var compound in Compounds(counts.Select(c => c.Word).ToList(), known).Take(Math.Max(0, 2 * size - head)))
        {
            words.Add(compound);
            weights.Add(Math.Pow((double)head / words.Count, 1 / HeapsBeta)); // rank r = words.Count
        }
        return new Vocabulary(words, weights);
    }

    /// <summary>Endless, fixed sequence of new compounds of two seed words of 5+ letters outside the 100 most
    /// frequent (function words), the first not ending in an inflection (-en, -et, -ne, -de, -te, -r, -s); a binding -s after
    /// -ing, -hed, -tion, -skab, -else (as in <i>sygefraværsindsats</i>, <i>ledelsesinformation</i>).</summary>
    private static IEnumerable<string> Compounds(List<string> seedWords, HashSet<string> known)
    {
        var random = new Random(8_1937); // fixed: independent of the archive's seed and size
        var content = seedWords.Skip(100).Where(w => w.Length >= 5).ToArray();
        string[] inflections = ["en", "et", "ne", "de", "te", "r", "s"];
        var firsts = content.Where(w => !inflections.Any(e => w.EndsWith(e, StringComparison.Ordinal))).ToArray();
        string[] binding = ["ing", "hed", "tion", "skab", "else"];
        for (var misses = 0; misses < 1_000_000;)
        {
            // One in four has three parts (sygefraværs|handle|plan): two-part ones alone would run out
            // at ~130,000, less than a 10,000-meeting archive needs.
            var parts = random.Next(4) == 0
                ? new[] { firsts[random.Next(firsts.Length)], firsts[random.Next(firsts.Length)], content[random.Next(content.Length)] }
                : [firsts[random.Next(firsts.Length)], content[random.Next(content.Length)]];
            var compound = string.Concat(parts.Select((p, i) =>
                i < parts.Length - 1 && binding.Any(e => p.EndsWith(e, StringComparison.Ordinal)) ? p + "s" : p));
            if (compound.Length > 32 || !known.Add(compound)) { misses++; continue; }
            yield return compound;
        }
    }

    private static (long Tokens, List<(string Word, int Count)> Counts) LoadCounts()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("SiteGen.Bench.ordforraad.tsv")
            ?? throw new InvalidOperationException("ordforraad.tsv is not embedded");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        long tokens = 0;
        var counts = new List<(string, int)>();
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith("# tokens\t", StringComparison.Ordinal)) tokens = long.Parse(line[9..], CultureInfo.InvariantCulture);
            if (line.Length == 0 || line[0] == '#') continue;
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            counts.Add((line[..tab], int.Parse(line[(tab + 1)..], CultureInfo.InvariantCulture)));
        }
        return (tokens, counts);
    }

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"[^\W\d_]+")]
    private static partial Regex Word();

    /// <summary>The frequency list of the words in <paramref name="files"/> (HTML tags removed; lower-cased;
    /// words never written in lower case, i.e. names, left out; one-letter words but <i>i</i> and <i>å</i> left out).</summary>
    public static string CountWords(IEnumerable<string> files)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var lower = new HashSet<string>(StringComparer.Ordinal);
        long tokens = 0;
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            foreach (Match m in Word().Matches(Tag().Replace(File.ReadAllText(file), " ")))
            {
                var w = m.Value;
                var l = w.ToLowerInvariant();
                if (w == l) lower.Add(l);
                counts[l] = counts.GetValueOrDefault(l) + 1;
            }
        }
        var kept = counts.Where(c => lower.Contains(c.Key) && (c.Key.Length > 1 || c.Key is "i" or "å"))
            .OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();
        tokens = kept.Sum(c => (long)c.Value);
        var text = new StringBuilder();
        text.Append("# Word counts of real referater (SiteGen.Bench vocabulary); see Vocabulary.cs.\n");
        text.Append(CultureInfo.InvariantCulture, $"# tokens\t{tokens}\n");
        foreach (var (w, n) in kept) text.Append(CultureInfo.InvariantCulture, $"{w}\t{n}\n");
        return text.ToString();
    }
}
