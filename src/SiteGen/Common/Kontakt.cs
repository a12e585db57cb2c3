namespace SiteGen.Common;

/// <summary>Whom a citizen asks for a document that is not online (site.yml's <c>kontakt</c>): a name, e.g.
/// "Borgerservice", with an optional e-mail address and phone number. Public by nature.</summary>
public sealed record Kontakt(string Navn, string? Email, string? Telefon);
