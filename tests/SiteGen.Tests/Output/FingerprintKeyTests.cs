using System.Security.Cryptography;
using SiteGen.Output;
using SiteGen.Publishing;
using SiteGen.Tests.Quality;
using SiteGen.Validation;

namespace SiteGen.Tests.Output;

/// <summary>The units' keys name a meeting by its check's fingerprint (<see cref="PublicMeeting.Fingerprint"/>, the
/// SHA-256 of its bytes in <c>checks.bin</c>) instead of walking its public model. A fingerprint that does not name
/// the bytes it stands for (forged), a cache file cut short, and what Publishing adds to a check (an attachment
/// file's size) must never give a build other than the clean build.</summary>
public sealed class FingerprintKeyTests() : SampleWorkspace("sitegen-fingerprint-")
{
    private string ChecksFile => Path.Combine(Cache, CheckStore.FileName);

    private string Referat(int year) => Directory.GetFiles(Path.Combine(Input, "referater", $"{year}"), "*.md")[0];

    private BuildSummary Build(string output, string? cache)
    {
        var result = Pipeline.Build(new BuildOptions(Input, output, Search: true, CacheDir: cache, ShardMeetings: 1),
            TextWriter.Null);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        return result.Summary!;
    }

    private BuildSummary BuildBothAndCompare()
    {
        var incremental = Build(Output, Cache);
        var clean = Path.Combine(Work, "clean-" + Guid.NewGuid().ToString("N"));
        Build(clean, null);
        SiteFiles.AssertSame(SiteFiles.Read(clean), SiteFiles.Read(Output));
        Directory.Delete(clean, recursive: true);
        return incremental;
    }

    /// <summary>The validation a build would make from a copy of the cache as it is now (the cache is not touched),
    /// by the year of each meeting.</summary>
    private (ValidationResult Result, Dictionary<int, string?> Fingerprints) Peek()
    {
        var copy = Path.Combine(Work, "peek-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(copy);
        File.Copy(ChecksFile, Path.Combine(copy, CheckStore.FileName));
        var result = Validator.Run(Input, null, copy, clean: false);
        Directory.Delete(copy, recursive: true);
        return (result, result.Referater.ToDictionary(r => r.Dato.Year, r => r.Fingerprint));
    }

    /// <summary>Replaces <paramref name="from"/> by <paramref name="to"/> in the index of <c>checks.bin</c> and gives
    /// the index a valid SHA-256 again: a forgery only the checks' own hashes can catch.</summary>
    private void ForgeIndex(byte[] from, byte[] to)
    {
        var bytes = File.ReadAllBytes(ChecksFile);
        const int lengthAt = 8 + 4 + 32; // magic, format, context
        var length = (int)BitConverter.ToInt64(bytes, lengthAt);
        var index = bytes.AsSpan(lengthAt + 8, length);
        var at = index.IndexOf(from);
        Assert.True(at >= 0, "the fingerprint is in the index");
        to.CopyTo(index[at..]);
        SHA256.HashData(index).CopyTo(bytes.AsSpan(lengthAt + 8 + length));
        File.WriteAllBytes(ChecksFile, bytes);
    }

    [Fact]
    public void A_warm_run_has_the_fingerprints_of_the_run_that_stored_the_checks()
    {
        var stored = Validator.Run(Input, null, Cache, clean: true);
        var warm = Validator.Run(Input, null, Cache, clean: false);
        Assert.Equal(3, warm.FilesReused);
        Assert.Equal(stored.Referater.Select(r => r.Fingerprint), warm.Referater.Select(r => r.Fingerprint));
        Assert.All(warm.Referater, r => Assert.Matches("^[0-9a-f]{64}$", r.Fingerprint!));
        Assert.Equal(3, warm.Referater.Select(r => r.Fingerprint).Distinct().Count());
        Assert.All(Validator.Run(Input).Referater, r => Assert.Null(r.Fingerprint)); // no cache, no fingerprint
    }

    [Fact]
    public void A_forged_fingerprint_is_refused_and_the_build_equals_a_clean_build()
    {
        Build(Output, Cache);
        var stale = Peek().Fingerprints[2023]!;
        var y2023 = Referat(2023);
        File.WriteAllText(y2023, File.ReadAllText(y2023).Replace("### Beslutning",
            "### Beslutning\n\nRettet tekst om kvægavlsforeningen.\n"));
        BuildBothAndCompare();
        // One edit alone leaves checks.bin as it was (CheckStore.RewriteAtEdits): written whole here, so that the
        // edited check's entry is in it.
        Validator.Run(Input, null, Cache, clean: true);
        var fresh = Peek().Fingerprints[2023]!;
        Assert.NotEqual(stale, fresh);

        // The edited check's entry now claims the fingerprint of the check before the edit: were it believed, the
        // meeting's key would be the old one and its old page kept.
        ForgeIndex(Convert.FromHexString(fresh), Convert.FromHexString(stale));
        var (forged, fingerprints) = Peek();
        Assert.Equal(2, forged.FilesReused); // the forged entry is checked afresh
        Assert.Equal(fresh, fingerprints[2023]);
        var build = BuildBothAndCompare();
        Assert.Contains("Rettet tekst om kvægavlsforeningen",
            File.ReadAllText(Path.Combine(Output, "direktionen", "2023-09-06", "index.html")));
        // The check made afresh has the true fingerprint, the one the last build's keys were made from.
        Assert.Equal(build.Units, build.UnitsReused);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(5000)]
    public void A_checks_file_cut_short_builds_the_lost_checks_again_and_equals_a_clean_build(int cut)
    {
        Build(Output, Cache);
        var y2024 = Referat(2024);
        File.WriteAllText(y2024, File.ReadAllText(y2024).Replace("sted: ", "sted: Et andet sted, "));
        var bytes = File.ReadAllBytes(ChecksFile);
        File.WriteAllBytes(ChecksFile, bytes[..Math.Max(0, bytes.Length - cut)]);
        var (result, _) = Peek();
        Assert.InRange(result.FilesReused, 0, 2); // at least the last check (and the edited file) made again
        BuildBothAndCompare();
        Assert.Equal(3, Peek().Result.FilesReused); // written whole again
    }

    [Fact]
    public void An_attachment_file_that_changes_size_without_its_referat_gives_the_clean_build()
    {
        // The check of a referat looks its attachment files up (found, not too large …) but does not keep their
        // size; Publishing reads it, and the meeting and item pages show it: the key must see it.
        var y2025 = Referat(2025);
        Directory.CreateDirectory(Path.Combine(Path.GetDirectoryName(y2025)!, "bilag"));
        var pdf = Path.Combine(Path.GetDirectoryName(y2025)!, "bilag", "status.pdf");
        File.WriteAllText(pdf, "%PDF-1.4\n% lille\n");
        File.WriteAllText(y2025, File.ReadAllText(y2025).Replace("        dokument: 34993/25",
            "        dokument: 34993/25\n        fil: bilag/status.pdf"));
        Build(Output, Cache);
        File.WriteAllText(pdf, "%PDF-1.4\n% " + new string('x', 5000) + "\n");
        Assert.Equal(3, Peek().Result.FilesReused); // the referat's check is unchanged
        var build = BuildBothAndCompare();
        Assert.True(build.UnitsReused < build.Units);
    }

    [Fact]
    public void A_meetings_own_hash_changes_with_what_publishing_adds_and_never_equals_a_walked_one()
    {
        var site = Publisher.Run(Validator.Run(Input, null, Cache, clean: false)).Site;
        var m = site.Meetings[0];
        Assert.NotNull(m.Fingerprint);
        var own = OutputUnits.Own(m);
        Assert.Equal(own, OutputUnits.Own(m with { }));
        Assert.NotEqual(own, OutputUnits.Own(m with { Fingerprint = new string('0', 64) }));
        Assert.NotEqual(own, OutputUnits.Own(m with { Udvalg = m.Udvalg with { Navn = "Andet udvalg" } }));
        Assert.NotEqual(own, OutputUnits.Own(m with { Fingerprint = null }));
        Assert.NotEqual(OutputUnits.Own(m with { Fingerprint = null }),
            OutputUnits.Own(m with { Fingerprint = null, Sted = "Et andet sted" }));
        // Not the model's other fields: the fingerprint stands for them.
        Assert.Equal(own, OutputUnits.Own(m with { Sted = "Et andet sted" }));
        // Each open attachment's file of the open items, in order (a closed attachment or item adds nothing).
        foreach (var meeting in site.Meetings)
            Assert.Equal("f" + ModelHash.Of(new OutputUnits.Published(meeting.Udvalg, [.. meeting.Punkter
                    .OfType<OpenPunkt>().SelectMany(p => p.Bilag.OfType<OpenBilag>().Select(b => b.Fil))]),
                prefix: $"fingerprint {meeting.Fingerprint}\n"), OutputUnits.Own(meeting));
        Assert.Contains(site.Meetings, x => x.Punkter.OfType<OpenPunkt>().Any(p => p.Bilag.OfType<OpenBilag>().Any()));
    }

    [Fact]
    public void A_cases_hash_names_each_treatment_and_walks_a_case_it_cannot_name()
    {
        var site = Publisher.Run(Validator.Run(Input, null, Cache, clean: false)).Site;
        var sag = site.Sager[0];
        string? Known(object o) => o switch
        {
            PublicMeeting m => OutputUnits.Own(m),
            OpenPunkt p => site.Meetings.Where(m => m.Punkter.Contains(p))
                .Select(m => $"{OutputUnits.Own(m)}#{m.Punkter.IndexOf(p)}").FirstOrDefault(),
            _ => null,
        };
        var hash = OutputUnits.CaseHash(sag, Known);
        Assert.StartsWith("n", hash);
        Assert.Equal(hash, OutputUnits.CaseHash(sag with { }, Known));
        Assert.NotEqual(hash, OutputUnits.CaseHash(sag with { Titel = "Anden titel" }, Known));
        Assert.NotEqual(hash, OutputUnits.CaseHash(sag, o => o is PublicMeeting ? "x" : Known(o)));
        Assert.DoesNotMatch("^n", OutputUnits.CaseHash(sag, o => o is PublicMeeting ? null : Known(o)));
    }
}
