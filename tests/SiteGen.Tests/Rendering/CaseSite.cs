namespace SiteGen.Tests.Rendering;

/// <summary>Fixtures/site-cases built on 1 December 2024 (as SOURCE_DATE_EPOCH would set it): case 24/7615 is
/// treated by Direktionen (13 Nov), Økonomiudvalget (20 Nov, corrected for item 1) and is on Kommunalbestyrelsen's
/// agenda for 10 December; closed items carry case numbers 24/777nn and words starting with "lkq".</summary>
public sealed class CaseSite : IDisposable
{
    public static readonly DateOnly Today = new(2024, 12, 1);
    public const string BaseUrl = "https://referater.testrup.example";

    public BuiltSite Site { get; } = new("site-cases", Today);

    public void Dispose() => Site.Dispose();
}
