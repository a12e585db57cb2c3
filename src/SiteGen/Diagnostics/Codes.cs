namespace SiteGen.Diagnostics;

/// <summary>Stable diagnostic codes. Never renumber: docs/diagnostics.md and users rely on them.</summary>
public static class Codes
{
    // Shared by the YAML field reader: (referat code, site.yml code).
    internal static readonly (string Ref, string Site) UnknownKey = ("REF007", "SITE005");
    internal static readonly (string Ref, string Site) Missing = ("REF008", "SITE006");
    internal static readonly (string Ref, string Site) WrongType = ("REF009", "SITE007");

    public const string Internal = "REF000";
    public const string NotUtf8 = "REF001";
    public const string EmptyFile = "REF002";
    public const string NoFrontMatter = "REF003";
    public const string FrontMatterNotClosed = "REF004";
    public const string YamlSyntax = "REF005";
    public const string FrontMatterNotMapping = "REF006";
    public const string UnknownKeyRef = "REF007";
    public const string MissingRef = "REF008";
    public const string WrongTypeRef = "REF009";
    public const string InvalidDate = "REF010";
    public const string InvalidTime = "REF011";
    public const string SlutNotAfterStart = "REF012";
    public const string InvalidPubliceret = "REF013";
    public const string InvalidType = "REF014";
    public const string UnknownUdvalg = "REF015";
    public const string WrongPath = "REF016";
    public const string DuplicateMeeting = "REF017";
    public const string NoMembers = "REF018";
    public const string AbsentNotMember = "REF019";
    public const string InvalidStatus = "REF020";
    public const string InvalidNumber = "REF021";
    public const string ItemNumbering = "REF022";
    public const string InvalidSagsnr = "REF023";
    public const string PublicFieldOnOpenItem = "REF024";
    public const string InvalidBilagStatus = "REF025";
    public const string BilagNumbering = "REF026";
    public const string OpenBilagWithoutTitel = "REF027";
    public const string InvalidDokument = "REF028";
    public const string BilagFileMissing = "REF029";
    public const string BilagFileOutside = "REF030";
    public const string NoItems = "REF031";
    public const string Level1Heading = "REF032";
    public const string TextBeforeFirstItem = "REF033";
    public const string BadItemHeading = "REF034";
    public const string HeadingWithoutEntry = "REF035";
    public const string EntryWithoutHeading = "REF036";
    public const string HeadingOrder = "REF037";
    public const string ItemHeadingAsSection = "REF038";
    public const string TextBeforeFirstSection = "REF039";
    public const string UnknownSection = "REF040";
    public const string DecisionHeadingMismatch = "REF041";
    public const string DecisionInDagsorden = "REF042";
    public const string BilagSection = "REF043";
    public const string Cpr = "REF044";
    public const string Email = "REF045";
    public const string Phone = "REF046";
    public const string NoDecision = "REF047";
    public const string EmptySection = "REF048";
    public const string RawHtml = "REF049";
    public const string DuplicateSection = "REF050";
    public const string TooDeeplyNested = "REF051";
    public const string InputLink = "REF052";
    public const string NotARegularFile = "REF053";
    public const string FileTooLarge = "REF054";
    public const string BilagFileType = "REF055";
    public const string BilagFileLocation = "REF056";
    // Restricted YAML (Content/FrontMatter.cs), one code per family of refused constructs.
    public const string YamlAnchorOrAlias = "REF057";
    public const string YamlTag = "REF058";
    public const string YamlMergeKey = "REF059";
    public const string YamlComplexKey = "REF060";
    // Characters (Content/CharacterRules.cs) and Markdown limits (Content/MarkdownLimits.cs).
    public const string BadCharacter = "REF061";
    public const string FormFeed = "REF062";
    public const string TooManyLinks = "REF063";
    public const string HtmlTooDeep = "REF064";
    // Common slips of a secretary (issue 14), each explained in Danish with the fix (Content/YamlSlips.cs,
    // Content/FrontMatter.cs, Validation/Slips.cs). Shared ones as (referat code, site.yml code).
    internal static readonly (string Ref, string Site) TabIndent = ("REF065", "SITE017");
    internal static readonly (string Ref, string Site) Invisible = ("REF066", "SITE018");
    internal static readonly (string Ref, string Site) CurlyQuotes = ("REF067", "SITE019");
    internal static readonly (string Ref, string Site) ColonInValue = ("REF068", "SITE020");
    internal static readonly (string Ref, string Site) ListIndent = ("REF069", "SITE021");
    public const string TabIndentRef = "REF065";
    public const string InvisibleRef = "REF066";
    public const string CurlyQuotesRef = "REF067";
    public const string ColonInValueRef = "REF068";
    public const string ListIndentRef = "REF069";
    public const string FenceMisspelt = "REF070";
    public const string FenceMissing = "REF071";
    public const string TimeSlip = "REF072";
    public const string DateSlip = "REF073";
    public const string StatusSlip = "REF074";
    public const string Placeholder = "REF075";

    // Issue 16 (cases helper): REF090–REF094.
    public const string RettelseUnknownPunkt = "REF090";
    public const string RettelseClosedPunkt = "REF091";

    // Attachment text (Common/AttachmentText.cs, Validation/AttachmentChecks.cs): read for search and the
    // personal-data check (REF044–REF046 apply to it too). Never an error: the file is published as always.
    public const string BilagTextUnreadable = "REF095";
    public const string BilagTextEncrypted = "REF096";
    public const string BilagTextNone = "REF097";
    public const string BilagTextTruncated = "REF098";
    public const string BilagTextTooLarge = "REF099";

    public const string SiteInternal = "SITE000";
    public const string SiteMissing = "SITE001";
    public const string SiteUnreadable = "SITE002";
    public const string SiteYamlSyntax = "SITE003";
    public const string SiteNotMapping = "SITE004";
    public const string SiteUnknownKey = "SITE005";
    public const string SiteMissingKey = "SITE006";
    public const string SiteWrongType = "SITE007";
    public const string SiteBadBaseUrl = "SITE008";
    public const string SiteBadAccessibilityUrl = "SITE009";
    public const string SiteDuplicateUdvalg = "SITE010";
    public const string SiteBadSektioner = "SITE011";
    public const string SiteYamlAnchorOrAlias = "SITE012";
    public const string SiteYamlTag = "SITE013";
    public const string SiteYamlMergeKey = "SITE014";
    public const string SiteYamlComplexKey = "SITE015";
    public const string SiteBadCharacter = "SITE016";
    public const string SiteTabIndent = "SITE017";
    public const string SiteInvisible = "SITE018";
    public const string SiteCurlyQuotes = "SITE019";
    public const string SiteColonInValue = "SITE020";
    public const string SiteListIndent = "SITE021";
    public const string SiteBadContactEmail = "SITE030";
    public const string SiteBadContactPhone = "SITE031";

    // Templates (src/SiteGen/Rendering): input/templates/*.sbn-html and the stylesheet.
    public const string TemplateMissing = "TPL001";
    public const string TemplateSyntax = "TPL002";
    public const string TemplateUnknownInclude = "TPL003";
    public const string TemplateUnknownField = "TPL004";
    public const string TemplateRuntime = "TPL005";
    public const string StylesheetMissing = "TPL006";
    public const string TemplateOutsideFolder = "TPL007";
    public const string AssetRefused = "TPL008";

    // Search (src/SiteGen/Search): the build's Pagefind step.
    public const string SearchNotInstalled = "SRCH001";
    public const string SearchCannotStart = "SRCH002";
    public const string SearchFailed = "SRCH003";
    public const string SearchNoIndex = "SRCH004";
    public const string SearchNoRoom = "SRCH005";

    // Import (src/SiteGen/Import): `sitegen import` of the meeting system's exports.
    public const string ImportUnreadable = "IMP001";
    public const string ImportNotAnExport = "IMP002";
    public const string ImportUnknownUdvalg = "IMP003";
    public const string ImportNoDate = "IMP004";
    public const string ImportNoItems = "IMP005";
    public const string ImportExists = "IMP006";
    public const string ImportInvalid = "IMP007";

    // Output (src/SiteGen/Output): writing the site.
    public const string DiskFull = "OUT001";
    public const string DiskFullCache = "OUT002";

    /// <summary>Every code, for the documentation test.</summary>
    public static IEnumerable<string> All() =>
        typeof(Codes).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);
}
