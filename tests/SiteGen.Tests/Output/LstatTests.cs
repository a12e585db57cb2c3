using SiteGen.Output;

namespace SiteGen.Tests.Output;

/// <summary><see cref="Lstat.Of(string, string)"/> (the reuse stage's check of every recorded file, without joining
/// the path as a string) sees exactly what <see cref="Lstat.Of(string)"/> of the joined path sees: the reuse decision
/// rests on it, for names a secretary may give (æøå, spaces, emoji), links that must never be followed, and paths
/// that are long or not there.</summary>
public sealed class LstatTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sitegen-lstat-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public void Root_and_relative_path_give_what_the_joined_path_gives()
    {
        if (!Lstat.Available) return; // not Linux: the double buffer is not used at all
        Directory.CreateDirectory(Path.Combine(_root, "økonomiudvalget", "2025-12-03 møde 😀"));
        File.WriteAllText(Path.Combine(_root, "økonomiudvalget", "2025-12-03 møde 😀", "index.html"), "side");
        File.WriteAllText(Path.Combine(_root, "fil.txt"), "abc");
        File.CreateSymbolicLink(Path.Combine(_root, "link.html"), Path.Combine(_root, "fil.txt"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "mappe-link"), Path.Combine(_root, "økonomiudvalget"));
        var deep = string.Join('/', Enumerable.Repeat("æøå-mappe-med-et-langt-navn", 20));
        Directory.CreateDirectory(Path.Combine(_root, deep));
        File.WriteAllText(Path.Combine(_root, deep, "index.html"), "dyb");

        var cases = new (string Relative, Lstat.Kind Kind)[]
        {
            ("økonomiudvalget/2025-12-03 møde 😀/index.html", Lstat.Kind.File),
            ("økonomiudvalget/2025-12-03 møde 😀", Lstat.Kind.Folder),
            ("fil.txt", Lstat.Kind.File),
            ("link.html", Lstat.Kind.Link), // never followed
            ("mappe-link", Lstat.Kind.Link),
            ("mangler.html", Lstat.Kind.Missing),
            ("fil.txt/under.html", Lstat.Kind.Missing), // through a file (ENOTDIR)
            (deep + "/index.html", Lstat.Kind.File), // longer than the first buffer
            ("", Lstat.Kind.Folder),
        };
        foreach (var (relative, kind) in cases)
        {
            var joined = Lstat.Of(Path.Combine(_root, relative));
            Assert.Equal(kind, joined?.Kind);
            Assert.Equal(joined, Lstat.Of(_root, relative));
            Assert.Equal(joined, Lstat.Of(_root + "/", relative)); // a root given with its separator
        }
        Assert.Equal(3, Lstat.Of(_root, "fil.txt")!.Value.Size);
    }

    [Fact]
    public void A_rooted_or_nul_relative_path_is_taken_as_the_joined_path_would_be_or_refused()
    {
        if (!Lstat.Available) return;
        var outside = Path.Combine(_root, "udenfor.txt");
        File.WriteAllText(outside, "x");
        // Path.Combine lets a rooted second part stand alone; so does the join (callers check for that first).
        Assert.Equal(Lstat.Of(outside), Lstat.Of("/nowhere", outside));
        Assert.Null(Lstat.Of(_root, "fil\0.txt"));
        Assert.Null(Lstat.Of(_root + "\0", "fil.txt"));
    }
    /// <summary>The put-aside folder's check opens the folder once and lstats its entries relative to it: the same
    /// answer as the joined path for every kind of entry; the folder is never opened through a link, nor a file;
    /// a rooted, empty or NUL path is refused (statx would take a rooted one from outside the folder).</summary>
    [Fact]
    public void An_opened_folder_gives_what_the_joined_path_gives_and_is_never_a_link()
    {
        if (!Lstat.Available) return;
        Directory.CreateDirectory(Path.Combine(_root, "site", "udvalg æøå", "2025-12-03"));
        File.WriteAllText(Path.Combine(_root, "site", "udvalg æøå", "2025-12-03", "index.html"), "side");
        File.WriteAllText(Path.Combine(_root, "hemmelig.txt"), "hemmelig");
        File.CreateSymbolicLink(Path.Combine(_root, "site", "link.html"), Path.Combine(_root, "hemmelig.txt"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "site", "mappe-link"), _root);
        Directory.CreateSymbolicLink(Path.Combine(_root, "site-link"), Path.Combine(_root, "site"));
        var site = Path.Combine(_root, "site");

        using (var folder = Lstat.Folder.Open(site))
        {
            Assert.NotNull(folder);
            foreach (var relative in new[]
                     {
                         "udvalg æøå/2025-12-03/index.html", "udvalg æøå/2025-12-03", "udvalg æøå", "link.html",
                         "mappe-link", "mappe-link/hemmelig.txt", "mangler.html", "link.html/x",
                     })
                Assert.Equal(Lstat.Of(site, relative), folder!.Of(relative));
            Assert.Equal(Lstat.Kind.Link, folder!.Of("link.html")?.Kind); // never followed
            Assert.Null(folder.Of(""));
            Assert.Null(folder.Of(Path.Combine(_root, "hemmelig.txt"))); // rooted: not taken from outside
            Assert.Null(folder.Of("udvalg æøå\0/x"));
        }
        Assert.Null(Lstat.Folder.Open(Path.Combine(_root, "site-link"))); // a link to a folder
        Assert.Null(Lstat.Folder.Open(Path.Combine(_root, "hemmelig.txt"))); // a file
        Assert.Null(Lstat.Folder.Open(Path.Combine(_root, "mangler")));

        // Opened once: the folder renamed away and another put in its place, the entries are still the first's.
        using var opened = Lstat.Folder.Open(site)!;
        Directory.Move(site, site + "-flyttet");
        Directory.CreateDirectory(site);
        Assert.Equal(Lstat.Kind.File, opened.Of("udvalg æøå/2025-12-03/index.html")?.Kind);
        Assert.Equal(Lstat.Kind.Missing, Lstat.Of(site, "udvalg æøå/2025-12-03/index.html")?.Kind);
    }
}
