using System.Globalization;
using System.Text;
using SiteGen.Common;

namespace SiteGen.Bench;

/// <summary>Writes N valid referater in the spec format with a realistic shape: ~8 items per meeting,
/// ~1 in 8 closed, attachments, ~10 KB of Danish text per meeting, spread over the given committees
/// and over the years. Deterministic for a given seed. The words come from <see cref="Vocabulary"/>: real
/// referater's word frequencies, and a vocabulary that grows with the archive like real text.</summary>
public static class ArchiveGenerator
{
    private static readonly string[] Titles =
    [
        "Beslutningsprotokoller og dagsordener", "Økonomi", "Budgetopfølgning", "Punkter til behandling", "Lokalplan for boligområde",
        "Handleplan for sygefravær", "Klimahandleplan", "Anlægsbevilling til skolebyggeri", "Status på udmøntningsplan",
        "Høringssvar", "Kvalitetsrapport", "Tilsyn med plejecentre", "Trafiksikkerhedsplan", "Eventuelt",
    ];

    public static int Generate(string inputDir, IReadOnlyList<string> udvalg, int count, int seed)
    {
        var random = new Random(seed);
        var vocabulary = Vocabulary.For(count);
        var perCommittee = new Dictionary<string, DateOnly>();
        var written = 0;
        for (var i = 0; i < count; i++)
        {
            var navn = udvalg[i % udvalg.Count];
            // Meetings of one committee a week apart, going back in time from 2025.
            var dato = perCommittee.TryGetValue(navn, out var last) ? last.AddDays(-7) : new DateOnly(2025, 12, 3).AddDays(-(i % 7));
            perCommittee[navn] = dato;
            var path = Path.Combine(inputDir, "referater", dato.Year.ToString(CultureInfo.InvariantCulture), $"{dato:yyyy-MM-dd}-{Slug.From(navn)}.md");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, Meeting(random, vocabulary, navn, dato), new UTF8Encoding(false));
            written++;
        }
        return written;
    }

    private static string Meeting(Random random, Vocabulary vocabulary, string udvalg, DateOnly dato)
    {
        var items = 6 + random.Next(5); // 6–10, ~8 on average
        var closed = Enumerable.Range(1, items).Select(_ => random.Next(8) == 0).ToArray();
        var fm = new StringBuilder();
        fm.Append(CultureInfo.InvariantCulture, $"---\nudvalg: {udvalg}\ndato: {dato:yyyy-MM-dd}\nstart: \"09:00\"\nslut: \"12:00\"\nsted: Mødelokale {100 + random.Next(200)}, rådhuset\n");
        fm.Append("medlemmer:\n  - Formand Anne Jensen\n  - Næstformand Peter Hansen\n  - Medlem Lise Nielsen\n  - Medlem Ole Pedersen\n");
        fm.Append("punkter:\n");
        var body = new StringBuilder();
        for (var nr = 1; nr <= items; nr++)
        {
            // An item is about its title: the title's words join the item's topic words.
            var titel = Titles[random.Next(Titles.Length)];
            string[] topic = [.. vocabulary.Topic(random), .. titel.ToLowerInvariant().Split(' ').Where(w => w.Length >= 5)];
            fm.Append(CultureInfo.InvariantCulture, $"  - nr: {nr}\n    status: {(closed[nr - 1] ? "lukket" : "åben")}\n    sagsnr: {dato.Year % 100:00}/{random.Next(1000, 20000)}\n    sagsgang: {udvalg[..Math.Min(3, udvalg.Length)].ToUpperInvariant()}\n");
            var bilag = random.Next(4);
            if (bilag > 0)
            {
                fm.Append("    bilag:\n");
                for (var b = 1; b <= bilag; b++)
                {
                    var open = random.Next(4) != 0;
                    fm.Append(CultureInfo.InvariantCulture, $"      - nr: {b}\n        status: {(open ? "åben" : "lukket")}\n");
                    if (open) fm.Append(CultureInfo.InvariantCulture, $"        titel: {Sentence(random, vocabulary, topic, 4)}\n        dokument: {random.Next(10000, 200000)}/{dato.Year % 100:00}\n");
                }
            }
            body.Append(CultureInfo.InvariantCulture, $"\n## {nr}. {titel}\n\n### Sagsfremstilling\n\n");
            for (var p = 0; p < 3; p++) body.Append(Paragraph(random, vocabulary, topic)).Append("\n\n");
            body.Append("- ").Append(Sentence(random, vocabulary, topic, 6)).Append("\n- ").Append(Sentence(random, vocabulary, topic, 7)).Append("\n\n");
            body.Append("### Indstilling\n\nDet indstilles, at ").Append(Sentence(random, vocabulary, topic, 10)).Append("\n\n");
            body.Append("### Beslutning\n\n").Append(Paragraph(random, vocabulary, topic)).Append('\n');
        }
        fm.Append("---\n");
        return fm.Append(body).ToString();
    }

    private static string Paragraph(Random random, Vocabulary vocabulary, string[] topic) =>
        string.Join(' ', Enumerable.Range(0, 4).Select(_ => Sentence(random, vocabulary, topic, 8 + random.Next(8))));

    private static string Sentence(Random random, Vocabulary vocabulary, string[] topic, int words)
    {
        var s = string.Join(' ', Enumerable.Range(0, words).Select(_ => vocabulary.Next(random, topic)));
        return char.ToUpperInvariant(s[0]) + s[1..] + ".";
    }
}
