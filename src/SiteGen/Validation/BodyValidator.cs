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
    public static List<ItemHeading> CheckStructure(RawBody body, Report r, ImmutableArray<string> sektioner,
        Meeting? meeting)
    {
        ReportStrays(body, r);
        return CheckItemHeadings(body, r, sektioner, meeting);
    }

    /// <summary>Text the parser could not place (or would not read), in the order it was found.</summary>
    private static void ReportStrays(RawBody body, Report r)
    {
        foreach (var s in body.Strays)
        {
            var at = r.AtOffset(s.Offset);
            switch (s.Kind)
            {
                case StrayKind.Level1Heading:
                    r.Error(Codes.Level1Heading, at, $"A level-1 heading ('# {Short(s.Text)}') is not allowed. Items " +
                        "use '## <nr>. <titel>' and sections '### <name>'; the page title comes from the front " +
                        "matter.");
                    break;
                case StrayKind.BeforeFirstItem:
                    r.Error(Codes.TextBeforeFirstItem, at, "Text before the first item heading cannot be placed " +
                        $"('{Short(s.Text)}'). Move it under an item's section, or remove it.");
                    break;
                case StrayKind.BeforeFirstSection:
                    r.Error(Codes.TextBeforeFirstSection, at, "Text directly under an item heading, before its " +
                        $"first section, cannot be placed ('{Short(s.Text)}'). Put it under a section heading such " +
                        "as '### Sagsfremstilling'.");
                    break;
                case StrayKind.NestedItemHeading:
                    r.Error(Codes.ItemHeadingAsSection, at, $"'{Short(s.Text)}' looks like an item heading but is " +
                        "not one (a space is missing after the #'s, or it is inside a list, quote, HTML or code " +
                        "block), so its text would be published as part of the item above. Write it on its own line " +
                        $"as '## {Short(s.Text)}', after a blank line.");
                    break;
                case StrayKind.TooDeeplyNested:
                    r.Error(Codes.TooDeeplyNested, at, "The text below the front matter is nested too deeply " +
                        "(hundreds of quotes, lists or brackets inside each other) to be read. Simplify it.");
                    break;
                case StrayKind.HtmlTooDeep:
                    r.Error(Codes.HtmlTooDeep, at, "The HTML in the text is nested more than " +
                        $"{MarkdownLimits.MaxHtmlDepth} elements deep (counted up to here), so the text is not read. " +
                        "Write it as plain Markdown, or remove the HTML.");
                    break;
                case StrayKind.TooManyLinks:
                    r.Error(Codes.TooManyLinks, at, "This paragraph has more than " +
                        $"{MarkdownLimits.MaxLinksPerParagraph} link or HTML comment starts ('](', '<!', '<?') " +
                        "(counted up to here), so the text is not read. " +
                        "Put a blank line between paragraphs, or remove the stray brackets.");
                    break;
            }
        }
    }

    private static List<ItemHeading> CheckItemHeadings(RawBody body, Report r, ImmutableArray<string> sektioner,
        Meeting? meeting)
    {
        var headings = new List<ItemHeading>();
        foreach (var item in body.Items)
        {
            var at = r.AtOffset(item.HeadingOffset);
            var m = ItemHeadingPattern().Match(item.Heading);
            var sektionerOfItem = CheckSections(item, r, sektioner, meeting);
            if (!m.Success)
            {
                r.Error(Codes.BadItemHeading, at, BodyParser.ItemLike().IsMatch(item.Heading)
                    ? $"The item heading '## {Short(item.Heading)}' has no title. Write '## <nr>. <titel>', e.g. " +
                        "'## 2. Økonomi'."
                    : $"The item heading '## {Short(item.Heading)}' must start with the item number: '## <nr>. " +
                        "<titel>', e.g. '## 2. Økonomi'.");
                continue;
            }
            if (!int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var nr)
                || nr > 100_000)
            {
                r.Error(Codes.BadItemHeading, at,
                    $"The item number in '## {Short(item.Heading)}' is too large. Items are numbered 1, 2, 3 …");
                continue;
            }
            headings.Add(new ItemHeading(nr, m.Groups[2].Value.Trim(), item, sektionerOfItem, at));
        }
        return headings;
    }

    private static ImmutableArray<Sektion> CheckSections(RawItem item, Report r, ImmutableArray<string> sektioner,
        Meeting? meeting)
    {
        var result = ImmutableArray.CreateBuilder<Sektion>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in item.Sections)
        {
            var at = r.AtOffset(s.HeadingOffset);
            var name = s.Heading;
            if (BodyParser.ItemLike().IsMatch(name))
            {
                r.Error(Codes.ItemHeadingAsSection, at,
                    $"'### {Short(name)}' looks like an item heading but has three #. Write '## {Short(name)}' (and " +
                        "list the item in 'punkter'); " +
                    $"as a section its text would be published as part of item '{Short(item.Heading)}'.");
                continue;
            }
            if (BilagHeading().IsMatch(name))
            {
                r.Error(Codes.BilagSection, at, "Attachments are not written as a '### Bilag' section. List them " +
                    "under 'bilag:' of the item in the front matter (with nr, status, titel) and remove this section.");
                continue;
            }
            var isDecision = sektioner.Contains("Beslutning") && (name == "Beslutning"
                || name.StartsWith("Beslutning i ", StringComparison.Ordinal));
            if (isDecision && name != "Beslutning") CheckLongDecision(name, at, r, meeting);
            else if (!sektioner.Contains(name))
            {
                r.Error(Codes.UnknownSection, at, $"Unknown section heading '### {Short(name)}'."
                    + Suggest.Hint(name, sektioner, "Allowed sections are") +
                    " Use one of the section names from site.yml, or a level-4 heading ('####') inside a section.");
                continue;
            }
            var canonical = isDecision ? "Beslutning" : name;
            if (!seen.Add(canonical))
                r.Warning(Codes.DuplicateSection, at,
                    $"Item '{Short(item.Heading)}' has the section '{canonical}' twice. Merge them into one.");
            if (s.Markdown.Length == 0)
                r.Warning(Codes.EmptySection, at,
                    $"The section '### {Short(name)}' is empty. Write its text or remove the heading.");
            // The whole text is within the limits; a section is rendered on its own, where an end tag from an
            // earlier section no longer closes its elements, so it is checked on its own too.
            if (MarkdownLimits.Check(s.Markdown) is { Kind: MarkdownLimits.Kind.HtmlTooDeep } deep)
                r.Error(Codes.HtmlTooDeep, r.AtOffset(s.MarkdownOffset + deep.Offset),
                    $"The HTML in the section '### {Short(name)}' is nested more than {MarkdownLimits.MaxHtmlDepth} " +
                    "elements deep (counted up to here). Write it as plain Markdown, or remove the HTML.");
            result.Add(new Sektion(canonical, s.Markdown, at.Line, isDecision));
        }
        return result.ToImmutable();
    }

    private static void CheckLongDecision(string name, Pos at, Report r, Meeting? meeting)
    {
        var m = LongDecision().Match(name);
        if (!m.Success)
        {
            r.Error(Codes.DecisionHeadingMismatch, at, $"The decision heading '### {Short(name)}' must be '### " +
                "Beslutning' or '### Beslutning i <udvalg> den <dd-mm-yyyy>'.");
            return;
        }
        if (meeting?.Udvalg is { } u && m.Groups[1].Value != u.Navn)
            r.Error(Codes.DecisionHeadingMismatch, at, $"The decision heading names '{Short(m.Groups[1].Value)}' but " +
                $"the meeting is of {u.Navn}. Write '### Beslutning' (the full heading is added automatically) or " +
                "correct the name.");
        if (meeting?.Dato is { } d && m.Groups[2].Value != Danish.ShortDate(d))
            r.Error(Codes.DecisionHeadingMismatch, at, "The decision heading has the date " +
                $"'{Short(m.Groups[2].Value)}' but the meeting is on {Danish.ShortDate(d)}. Write '### Beslutning' " +
                "(the full heading is added automatically) or correct the date.");
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
                    $"There are two headings for item {h.Nr}. Each item has exactly one '## {h.Nr}. …' heading.");
                continue;
            }
            byNr[h.Nr] = h;
            if (!known.Contains(h.Nr))
            {
                r.Error(Codes.HeadingWithoutEntry, h.Pos, $"The heading '## {h.Nr}. {Short(h.Titel)}' has no entry " +
                    $"in 'punkter'. Add '- nr: {h.Nr}' with its 'status' to the front matter, or correct the number.");
                continue;
            }
            if (h.Nr < last)
                r.Error(Codes.HeadingOrder, h.Pos, $"The heading for item {h.Nr} comes after the heading for " +
                    $"item {last}. Put the items in the order of 'punkter' (1, 2, 3 …).");
            last = Math.Max(last, h.Nr);
        }
        foreach (var e in entries)
            if (e.Nr is { } nr && !byNr.ContainsKey(nr))
                r.Error(Codes.EntryWithoutHeading, e.Pos, $"Item {nr} in 'punkter' has no heading in the text. Add " +
                    $"'## {nr}. <titel>' with its sections, or remove the entry.");
        return byNr;
    }

    /// <summary>Checks that depend on the item's status and the meeting type; returns nothing.</summary>
    public static void CheckItemText(ItemHeading h, PunktEntry e, Meeting meeting, RawBody body, Report r)
    {
        var decision = h.Sektioner.FirstOrDefault(s => s.ErBeslutning);
        if (meeting.Type == ReferatType.Dagsorden && decision is not null)
            r.Error(Codes.DecisionInDagsorden, new Pos(decision.Line, 1), "This is a dagsorden (agenda), which has " +
                $"no decisions yet, but item {h.Nr} has a '### Beslutning' section. Remove it, or set 'type: " +
                "referat'.");
        if (e.Status != PunktStatus.Aaben) return; // a closed item's own text is never published

        if (meeting.Type == ReferatType.Referat && decision is null)
            r.Warning(Codes.NoDecision, h.Pos, $"Open item {h.Nr} has no '### Beslutning' section. Add the decision, " +
                "or set 'type: dagsorden' if the meeting has not been held yet.");

        TextChecks.ScanFileText(r, h.Raw.Heading, h.Raw.TitleOffset, h.Nr, static nr => $"The title of item {nr}");
        foreach (var s in h.Raw.Sections)
            TextChecks.ScanFileText(r, s.Markdown, s.MarkdownOffset, (h.Nr, s.Heading), static x =>
                $"Item {x.Nr}, section '{Short(x.Heading)}',");

        if (body.Html.Count == 0) return;
        var index = body.Items.FindIndex(i => i == h.Raw);
        var end = index >= 0 && index + 1 < body.Items.Count ? body.Items[index + 1].HeadingOffset : int.MaxValue;
        var html = body.Html.Find(x => x.Offset > h.Raw.HeadingOffset && x.Offset < end);
        if (html is not null)
            r.Warning(Codes.RawHtml, r.AtOffset(html.Offset), $"Item {h.Nr} contains raw HTML. It is published only " +
                "after cleaning (scripts, styles and unknown tags are removed); prefer plain Markdown.");
    }

    private static string Short(string s) => YamlFields.Short(s);
}
