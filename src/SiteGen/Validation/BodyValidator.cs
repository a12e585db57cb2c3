using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using SiteGen.Common;
using SiteGen.Content;
using SiteGen.Diagnostics;

namespace SiteGen.Validation;

/// <summary>A <c>##</c> heading read as <c>&lt;nr&gt;. &lt;titel&gt;</c>, with its checked sections.</summary>
internal sealed record ItemHeading(int Nr, string Titel, RawItem Raw, ImmutableArray<Sektion> Sektioner, Pos Pos);

/// <summary>Checks the body (spec §3) and matches its headings to <c>punkter</c>.</summary>
internal static partial class BodyValidator
{
    [GeneratedRegex(@"^(\d+)\.\s+(\S.*)$")] private static partial Regex ItemHeadingPattern();
    [GeneratedRegex(@"^bilag\b", RegexOptions.IgnoreCase)] private static partial Regex BilagHeading();
    [GeneratedRegex(@"^Beslutning i (.+) den (\S+)$", RegexOptions.NonBacktracking)]
    private static partial Regex LongDecision();

    /// <summary>Structure rules that need no front matter. Returns the well-formed item headings.</summary>
    /// <param name="entries">the items of the front matter (null when it cannot be read): only the text of an item
    /// known to be open is ever quoted in a message; a closed one is named "punkt 2 (lukket)".</param>
    /// <param name="text">where the sections' text is kept (<see cref="TextStore.Shared"/> when null)</param>
    public static List<ItemHeading> CheckStructure(RawBody body, Report r, ImmutableArray<string> sektioner,
        Meeting? meeting, List<PunktEntry>? entries = null, TextStore? text = null)
    {
        var items = new Items(body, entries);
        ReportStrays(body, r, items);
        return CheckItemHeadings(body, r, sektioner, meeting, items, text ?? TextStore.Shared);
    }

    /// <summary>The status of the body's items, by the number in their heading, for what a message may quote.
    /// </summary>
    private sealed partial class Items(RawBody body, List<PunktEntry>? entries)
    {
        [GeneratedRegex(@"^\s*(\d{1,6})")] private static partial Regex LeadingNumber();

        private PunktStatus? Status(string heading) =>
            LeadingNumber().Match(heading) is { Success: true } m
            && int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var nr)
                ? entries?.FirstOrDefault(e => e.Nr == nr)?.Status : null;

        /// <summary>Whether the item with this heading is open (its text may be quoted).</summary>
        public bool IsOpen(string heading) => Status(heading) == PunktStatus.Aaben;

        /// <summary>"punkt 2", "punkt 2 (lukket)", or "punktet" when the heading has no number.</summary>
        public string Name(string heading) =>
            LeadingNumber().Match(heading) is { Success: true } m
                ? $"punkt {m.Groups[1].Value}{(Status(heading) == PunktStatus.Lukket ? " (lukket)" : "")}"
                : "punktet";

        /// <summary>The item the text at this offset belongs to, or null before the first item.</summary>
        public RawItem? At(int offset) => body.Items.LastOrDefault(i => i.HeadingOffset < offset);

        /// <summary>Whether text at this offset may be quoted: before the first item, or in an open item.</summary>
        public bool MayQuote(int offset) => At(offset) is not { } item || IsOpen(item.Heading);
    }

    /// <summary>Text the parser could not place (or would not read), in the order it was found.</summary>
    private static void ReportStrays(RawBody body, Report r, Items items)
    {
        foreach (var s in body.Strays)
        {
            var at = r.AtOffset(s.Offset);
            var quote = items.MayQuote(s.Offset);
            var where = items.At(s.Offset) is { } item ? $" i {items.Name(item.Heading)}" : "";
            switch (s.Kind)
            {
                case StrayKind.Level1Heading:
                    r.Error(Codes.Level1Heading, at, $"En overskrift med ét # " +
                        $"({(quote ? $"'# {Short(s.Text)}'" : "'# …'")}){where} er ikke tilladt. Punkter skrives " +
                        "'## <nr>. <titel>' og afsnit '### <navn>'; sidens titel kommer fra mødeoplysningerne.");
                    break;
                case StrayKind.BeforeFirstItem:
                    r.Error(Codes.TextBeforeFirstItem, at, "Tekst før den første punktoverskrift kan ikke placeres " +
                        $"('{Short(s.Text)}'). Flyt den ind under et afsnit i et punkt, eller slet den.");
                    break;
                case StrayKind.BeforeFirstSection:
                    r.Error(Codes.TextBeforeFirstSection, at, $"Tekst lige under overskriften{where}, før " +
                        $"det første afsnit, kan ikke placeres{(quote ? $" ('{Short(s.Text)}')" : "")}. Sæt den ind " +
                        "under en afsnitsoverskrift som '### Sagsfremstilling'.");
                    break;
                case StrayKind.NestedItemHeading:
                    r.Error(Codes.ItemHeadingAsSection, at, $"{(quote ? $"'{Short(s.Text)}'" : "Linjen her")}{where} " +
                        "ligner en punktoverskrift, men er det ikke (der mangler et mellemrum efter #-tegnene, eller " +
                        "den står i en liste, et citat, HTML eller en kodeblok), så teksten ville blive " +
                        "offentliggjort som en del af punktet over. Skriv den på sin egen linje som " +
                        $"{(quote ? $"'## {Short(s.Text)}'" : "'## <nr>. <titel>'")} efter en tom linje.");
                    break;
                case StrayKind.TooDeeplyNested:
                    r.Error(Codes.TooDeeplyNested, at, "Teksten under mødeoplysningerne er indlejret for dybt " +
                        "(hundredvis af citater, lister eller parenteser inden i hinanden) til at kunne læses. Gør " +
                        "den enklere.");
                    break;
                case StrayKind.HtmlTooDeep:
                    r.Error(Codes.HtmlTooDeep, at, "HTML'en i teksten er indlejret mere end " +
                        $"{MarkdownLimits.MaxHtmlDepth} niveauer (talt frem til her), så teksten læses ikke. " +
                        "Skriv den som almindelig tekst (Markdown), eller slet HTML'en.");
                    break;
                case StrayKind.TooManyLinks:
                    r.Error(Codes.TooManyLinks, at, "Dette tekstafsnit har mere end " +
                        $"{MarkdownLimits.MaxLinksPerParagraph} starter på links eller HTML-kommentarer ('](', '<!', " +
                        "'<?') (talt frem til her), så teksten læses ikke. " +
                        "Sæt en tom linje mellem afsnittene, eller slet de overskydende parenteser.");
                    break;
            }
        }
    }

    private static List<ItemHeading> CheckItemHeadings(RawBody body, Report r, ImmutableArray<string> sektioner,
        Meeting? meeting, Items items, TextStore text)
    {
        var headings = new List<ItemHeading>();
        foreach (var item in body.Items)
        {
            var at = r.AtOffset(item.HeadingOffset);
            var m = ItemHeadingPattern().Match(item.Heading);
            var sektionerOfItem = CheckSections(item, r, sektioner, meeting, items, text);
            if (!m.Success)
            {
                var shown = items.IsOpen(item.Heading) ? $"'## {Short(item.Heading)}'"
                    : $"for {items.Name(item.Heading)}";
                r.Error(Codes.BadItemHeading, at, BodyParser.ItemLike().IsMatch(item.Heading)
                    ? $"Punktoverskriften {shown} har ingen titel eller mangler punktummet efter nummeret. Skriv " +
                        "'## <nr>. <titel>', fx '## 2. Økonomi'."
                    : $"Punktoverskriften {shown} skal starte med punktets nummer: '## <nr>. <titel>', fx " +
                        "'## 2. Økonomi'.");
                continue;
            }
            if (!int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var nr)
                || nr > 100_000)
            {
                r.Error(Codes.BadItemHeading, at,
                    "Punktnummeret i overskriften er for stort. Punkterne nummereres 1, 2, 3 …");
                continue;
            }
            headings.Add(new ItemHeading(nr, m.Groups[2].Value.Trim(), item, sektionerOfItem, at));
        }
        return headings;
    }

    private static ImmutableArray<Sektion> CheckSections(RawItem item, Report r, ImmutableArray<string> sektioner,
        Meeting? meeting, Items items, TextStore text)
    {
        var quote = items.IsOpen(item.Heading);
        var itemName = items.Name(item.Heading);
        var result = ImmutableArray.CreateBuilder<Sektion>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in item.Sections)
        {
            var at = r.AtOffset(s.HeadingOffset);
            var name = s.Heading;
            if (BodyParser.ItemLike().IsMatch(name))
            {
                r.Error(Codes.ItemHeadingAsSection, at,
                    $"{(quote ? $"'### {Short(name)}'" : "Overskriften her")} ligner en punktoverskrift, men har " +
                    "tre #. " +
                    $"Skriv {(quote ? $"'## {Short(name)}'" : "'## <nr>. <titel>'")} (og skriv punktet i " +
                    $"'punkter'); som afsnit ville teksten blive offentliggjort som en del af {itemName}.");
                continue;
            }
            if (BilagHeading().IsMatch(name))
            {
                r.Error(Codes.BilagSection, at, "Bilag skrives ikke som et afsnit '### Bilag'. Skriv dem under " +
                    "'bilag:' ved punktet i mødeoplysningerne (med nr, status, titel), og slet dette afsnit.");
                continue;
            }
            var isDecision = sektioner.Contains("Beslutning") && (name == "Beslutning"
                || name.StartsWith("Beslutning i ", StringComparison.Ordinal));
            if (isDecision && name != "Beslutning") CheckLongDecision(name, at, r, meeting, quote);
            else if (!sektioner.Contains(name))
            {
                r.Error(Codes.UnknownSection, at, $"Ukendt afsnitsoverskrift " +
                    $"{(quote ? $"'### {Short(name)}'" : $"i {itemName}")}."
                    + Suggest.Hint(name, sektioner, "De tilladte afsnit er") +
                    " Brug et af afsnitsnavnene fra site.yml, eller en overskrift med fire # ('####') inde i et " +
                    "afsnit.");
                continue;
            }
            var canonical = isDecision ? "Beslutning" : name;
            if (!seen.Add(canonical))
                r.Warning(Codes.DuplicateSection, at,
                    $"{YamlFields.Cap(itemName)} har afsnittet '{canonical}' to gange. Saml dem til ét.");
            if (s.Markdown.Length == 0)
                r.Warning(Codes.EmptySection, at,
                    $"Afsnittet '### {Short(canonical)}' i {itemName} er tomt. Skriv teksten, eller slet " +
                    "overskriften.");
            // The whole text is within the limits; a section is rendered on its own, where an end tag from an
            // earlier section no longer closes its elements, so it is checked on its own too.
            if (MarkdownLimits.Check(s.Markdown) is { Kind: MarkdownLimits.Kind.HtmlTooDeep } deep)
                r.Error(Codes.HtmlTooDeep, r.AtOffset(s.MarkdownOffset + deep.Offset),
                    $"HTML'en i afsnittet '### {Short(canonical)}' er indlejret mere end " +
                    $"{MarkdownLimits.MaxHtmlDepth} " +
                    "niveauer (talt frem til her). Skriv den som almindelig tekst (Markdown), eller slet HTML'en.");
            result.Add(new Sektion(canonical, text.Add(s.Markdown), at.Line, isDecision));
        }
        return result.ToImmutable();
    }

    private static void CheckLongDecision(string name, Pos at, Report r, Meeting? meeting, bool quote)
    {
        var m = LongDecision().Match(name);
        if (!m.Success)
        {
            r.Error(Codes.DecisionHeadingMismatch, at,
                $"Beslutningsoverskriften{(quote ? $" '### {Short(name)}'" : "")} " +
                "skal være '### Beslutning' eller '### Beslutning i <udvalg> den <dd-mm-åååå>'.");
            return;
        }
        if (meeting?.Udvalg is { } u && m.Groups[1].Value != u.Navn)
            r.Error(Codes.DecisionHeadingMismatch, at, "Beslutningsoverskriften nævner " +
                $"{(quote ? $"'{Short(m.Groups[1].Value)}'" : "et andet udvalg")}, men mødet er i {u.Navn}. Skriv " +
                "'### Beslutning' (den fulde overskrift tilføjes automatisk), eller ret navnet.");
        if (meeting?.Dato is { } d && m.Groups[2].Value != Danish.ShortDate(d))
            r.Error(Codes.DecisionHeadingMismatch, at, "Beslutningsoverskriften har datoen " +
                $"{(quote ? $"'{Short(m.Groups[2].Value)}'" : "en anden dato")}, men mødet er den " +
                $"{Danish.ShortDate(d)}. Skriv '### Beslutning' (den fulde overskrift tilføjes automatisk), eller " +
                "ret datoen.");
    }

    /// <summary>Every entry has exactly one heading with its number, in the same order, and vice versa.</summary>
    public static Dictionary<int, ItemHeading> Match(List<ItemHeading> headings, List<PunktEntry> entries, Report r)
    {
        var byNr = new Dictionary<int, ItemHeading>();
        var known = entries.Where(e => e.Nr is not null).Select(e => e.Nr!.Value).ToHashSet();
        var last = 0;
        foreach (var h in headings)
        {
            if (byNr.ContainsKey(h.Nr))
            {
                r.Error(Codes.HeadingOrder, h.Pos,
                    $"Der er to overskrifter for punkt {h.Nr}. Hvert punkt har præcis én overskrift '## {h.Nr}. …'.");
                continue;
            }
            byNr[h.Nr] = h;
            if (!known.Contains(h.Nr))
            {
                r.Error(Codes.HeadingWithoutEntry, h.Pos, $"Overskriften '## {h.Nr}. …' har intet punkt " +
                    $"i 'punkter'. Tilføj '- nr: {h.Nr}' med 'status' i mødeoplysningerne, eller ret nummeret.");
                continue;
            }
            if (h.Nr < last)
                r.Error(Codes.HeadingOrder, h.Pos, $"Overskriften for punkt {h.Nr} kommer efter overskriften for " +
                    $"punkt {last}. Sæt punkterne i samme rækkefølge som i 'punkter' (1, 2, 3 …).");
            last = Math.Max(last, h.Nr);
        }
        foreach (var e in entries)
            if (e.Nr is { } nr && !byNr.ContainsKey(nr))
                r.Error(Codes.EntryWithoutHeading, e.Pos, $"Punkt {nr} i 'punkter' har ingen overskrift i teksten. " +
                    $"Tilføj '## {nr}. <titel>' med sine afsnit, eller slet punktet i 'punkter'.");
        return byNr;
    }

    /// <summary>Checks that depend on the item's status and the meeting type; returns nothing.</summary>
    public static void CheckItemText(ItemHeading h, PunktEntry e, Meeting meeting, RawBody body, Report r)
    {
        var decision = h.Sektioner.FirstOrDefault(s => s.ErBeslutning);
        if (meeting.Type == ReferatType.Dagsorden && decision is not null)
            r.Error(Codes.DecisionInDagsorden, new Pos(decision.Line, 1), "Dette er en dagsorden, som endnu " +
                $"ikke har beslutninger, men punkt {h.Nr}{(e.Status == PunktStatus.Lukket ? " (lukket)" : "")} har " +
                "et afsnit '### Beslutning'. Slet det, eller skriv 'type: referat'.");
        if (e.Status != PunktStatus.Aaben) return; // a closed item's own text is never published

        if (meeting.Type == ReferatType.Referat && decision is null)
            r.Warning(Codes.NoDecision, h.Pos, $"Punkt {h.Nr} er åbent, men har intet afsnit '### Beslutning'. " +
                "Skriv beslutningen, eller skriv 'type: dagsorden', hvis mødet ikke er holdt endnu.");

        TextChecks.ScanFileText(r, h.Raw.Heading, h.Raw.TitleOffset, h.Nr, static nr => $"Titlen på punkt {nr}");
        foreach (var s in h.Raw.Sections)
            TextChecks.ScanFileText(r, s.Markdown, s.MarkdownOffset, (h.Nr, s.Heading), static x =>
                $"Punkt {x.Nr}, afsnittet '{Short(x.Heading)}',");

        if (body.Html.Count == 0) return;
        var index = body.Items.FindIndex(i => i == h.Raw);
        var end = index >= 0 && index + 1 < body.Items.Count ? body.Items[index + 1].HeadingOffset : int.MaxValue;
        var html = body.Html.Find(x => x.Offset > h.Raw.HeadingOffset && x.Offset < end);
        if (html is not null)
            r.Warning(Codes.RawHtml, r.AtOffset(html.Offset), $"Punkt {h.Nr} indeholder HTML. Den offentliggøres " +
                "kun efter rensning (scripts, styles og ukendte mærker fjernes); skriv hellere almindelig tekst " +
                "(Markdown).");
    }

    private static string Short(string s) => YamlFields.Short(s);
}
