using System.Globalization;
using SiteGen.Bench;

// bench generate <count> <inputDir> [seed]: a synthetic input folder (site.yml, templates and assets
// copied from the repository's input/, plus <count> generated referater).
// bench rebuild <inputDir> <runs> [gapMs]: median ms from a save to the rebuilt page served; gapMs (default 300)
// between a page served and the next save (1500: the previous save's feeds and data are done, so the CPU per
// edit is the save's own).
if (args is ["rebuild", var inputDir, var runsText, ..] && args.Length <= 4)
{
    var gap = args.Length == 4 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 300;
    Console.WriteLine(await RebuildBench.MedianMilliseconds(inputDir, int.Parse(runsText, CultureInfo.InvariantCulture), gap));
    return 0;
}
// bench vocabulary <out.tsv> <file or folder>…: the word-frequency list the generator samples from.
if (args is ["vocabulary", var tsv, .. var sources] && sources.Length > 0)
{
    var files = sources.SelectMany(s => Directory.Exists(s) ? Directory.EnumerateFiles(s, "*", SearchOption.AllDirectories) : [s]);
    File.WriteAllText(tsv, Vocabulary.CountWords(files), new System.Text.UTF8Encoding(false));
    return 0;
}
// bench first-query <site> [details.txt] [address suffix]: bytes the first search transfers, per realistic query
// (Chromium); with the suffix "&arkiv=alle", a first search of the whole archive (every shard).
if (args is ["first-query", var site, .. var rest])
{
    using var details = rest is [var detailsFile, ..] ? new StreamWriter(detailsFile) : TextWriter.Null;
    var results = await FirstQueryBench.Run(site, Path.Combine(FindRoot(), "netlify.toml"), details,
        rest is [_, var suffix] ? suffix : "");
    foreach (var r in results) Console.WriteLine($"{r.Bytes}\t{r.Files}\t{r.Query}\t{r.Status}");
    Console.WriteLine(FirstQueryBench.Summary(results));
    return 0;
}
// bench pagefind-service <site> <outputPath>: the experiment in PagefindServiceBench.cs.
if (args is ["pagefind-service", var serviceSite, var serviceOutput])
{
    var pagefind = Path.Combine(FindRoot(), "node_modules", "@pagefind", "linux-x64", "bin", "pagefind_extended");
    PagefindServiceBench.Run(pagefind, serviceSite, serviceOutput, Console.Out);
    return 0;
}
// bench import-pdf <pages> <out.pdf>: a synthetic export of about that many pages as a PDF, for
// `/usr/bin/time -v sitegen import` (docs/import.md).
// bench export-pdf <export.txt> <out.pdf>: a text export rendered the same way.
if (args is ["export-pdf", var exportText, var exportPdf])
{
    File.WriteAllBytes(exportPdf, ExportPdf.Render(File.ReadAllText(exportText)));
    return 0;
}
if (args is ["import-pdf", var pagesText, var pdfPath])
{
    File.WriteAllBytes(pdfPath, ExportPdf.Render(ExportPdf.SyntheticExport(int.Parse(pagesText, CultureInfo.InvariantCulture))));
    Console.WriteLine($"Wrote {pdfPath}.");
    return 0;
}
if (args is ["profile-part", var partInput, var partOutput, var part, var reps])
{
    Profile.Part(partInput, partOutput, part, int.Parse(reps, CultureInfo.InvariantCulture));
    return 0;
}
// bench validate <input> <cache> [clean]: the load+validate and publish stages alone (docs/perf-notes-fastval.md).
if (args is ["validate", var validateInput, var validateCache, .. var validateRest] && validateRest.Length <= 1)
{
    ValidateBench.Run(validateInput, validateCache, clean: validateRest is ["clean"]);
    return 0;
}
if (args is ["profile", var profileInput, var profileOutput])
{
    Profile.Run(profileInput, profileOutput);
    return 0;
}
if (args is not ["generate", var countText, var dir, ..])
{
    Console.Error.WriteLine("usage: SiteGen.Bench generate <count> <inputDir> [seed] | rebuild <inputDir> <runs> [gapMs] | profile <input> <output> | validate <input> <cache> [clean] | profile-part <input> <output> feeds|data|words|all <reps> | first-query <site> [details.txt] [suffix] | vocabulary <out.tsv> <files>… | pagefind-service <site> <outputPath> | import-pdf <pages> <out.pdf>");
    return 2;
}
var count = int.Parse(countText, CultureInfo.InvariantCulture);
var seed = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 2024;
var repoInput = Path.Combine(FindRoot(), "input");
if (Directory.Exists(dir)) Directory.Delete(dir, true);
Directory.CreateDirectory(dir);
File.Copy(Path.Combine(repoInput, "site.yml"), Path.Combine(dir, "site.yml"));
foreach (var folder in new[] { "templates", "assets" })
    Copy(Path.Combine(repoInput, folder), Path.Combine(dir, folder));

var udvalg = File.ReadLines(Path.Combine(repoInput, "site.yml"))
    .Select(l => l.Trim())
    .Where(l => l.StartsWith("- navn:", StringComparison.Ordinal))
    .Select(l => l["- navn:".Length..].Trim().Trim('"'))
    .ToList();
var written = ArchiveGenerator.Generate(dir, udvalg, count, seed);
Console.WriteLine($"Generated {written} referater for {udvalg.Count} committees in {dir} (seed {seed}).");
return 0;

static string FindRoot()
{
    for (var d = new DirectoryInfo(Directory.GetCurrentDirectory()); d is not null; d = d.Parent)
        if (File.Exists(Path.Combine(d.FullName, "SiteGen.sln"))) return d.FullName;
    throw new InvalidOperationException("run from inside the repository");
}

static void Copy(string from, string to)
{
    if (!Directory.Exists(from)) return;
    foreach (var f in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
    {
        var target = Path.Combine(to, Path.GetRelativePath(from, f));
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(f, target);
    }
}
