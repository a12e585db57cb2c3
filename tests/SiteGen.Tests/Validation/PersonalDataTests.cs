using SiteGen.Validation;

namespace SiteGen.Tests.Validation;

public class PersonalDataTests
{
    [Theory]
    [InlineData("cpr 010190-1234", PersonalDataKind.Cpr, 4)]
    [InlineData("0101901234", PersonalDataKind.Cpr, 0)]
    [InlineData("290200-1234", PersonalDataKind.Cpr, 0)]
    [InlineData("mail: jens.hansen@norddjurs.dk.", PersonalDataKind.Email, 6)]
    [InlineData("tlf. 89 59 10 00", PersonalDataKind.Phone, 5)]
    [InlineData("tlf. 8959 1000", PersonalDataKind.Phone, 5)]
    [InlineData("tlf. 89591000", PersonalDataKind.Phone, 5)]
    [InlineData("tlf. +45 89 59 10 00", PersonalDataKind.Phone, 5)]
    [InlineData("tlf. +4589591000", PersonalDataKind.Phone, 5)]
    public void Found(string text, PersonalDataKind kind, int index)
    {
        var hit = Assert.Single(PersonalData.Find(text));
        Assert.Equal((kind, index), (hit.Kind, hit.Index));
    }

    [Theory]
    [InlineData("dokument 108223/24 og 91141/23")]
    [InlineData("sag 24/7615, sagsnr. 23/12345")]
    [InlineData("budget 2023 2024 og 2024-2027")]
    [InlineData("kl. 09:00 til 13:00 den 13-11-2024")]
    [InlineData("320190-1234 er ingen dato")]
    [InlineData("beløb 12.345.678 kr. og 1.234.567,89 kr.")]
    [InlineData("20241113 og 12345678")]
    [InlineData("EAN 5798000000000 og konto 12345678901")]
    [InlineData("ØK d. 12/11 2024, KB d. 19/11 2024")]
    [InlineData("en ramme på 25 000 000 kr. og 1 250 000 kr.")]
    public void Not_found(string text) => Assert.Empty(PersonalData.Find(text));

    // The search first looks for what each pattern needs (a long enough run of digits, an '@'); these show
    // that a hit is still found wherever it is and whatever is around it.
    private const string Prose = "Forvaltningen har udarbejdet et forslag til den fremtidige organisering af beredskabet i kommunen, " +
        "og økonomiudvalget drøftede sagen på mødet. Der blev lagt vægt på samarbejde med de frivillige og på ældreplejen. ";

    [Theory]
    [InlineData("010190-1234", PersonalDataKind.Cpr)]
    [InlineData("0101901234", PersonalDataKind.Cpr)]
    [InlineData("jens.hansen@norddjurs.dk", PersonalDataKind.Email)]
    [InlineData("89 59 10 00", PersonalDataKind.Phone)]
    [InlineData("8959 1000", PersonalDataKind.Phone)]
    [InlineData("+45 89591000", PersonalDataKind.Phone)]
    [InlineData("0045 89 59 10 00", PersonalDataKind.Phone)]
    [InlineData("89\u00A059\u00A010\u00A000", PersonalDataKind.Phone)]
    public void Found_far_into_a_long_text(string found, PersonalDataKind kind)
    {
        var before = string.Concat(Enumerable.Repeat(Prose, 20)) + "Kontakt: ";
        var hit = Assert.Single(PersonalData.Find(before + found + ". " + Prose));
        Assert.Equal((kind, before.Length, found), (hit.Kind, hit.Index, hit.Text));
    }

    [Fact]
    public void Found_after_numbers_that_are_not_personal_data()
    {
        const string text = "Dokument 108223/24 og 91141/23, sag 24/7615, budget 2023 2024, beløb 1.234.567 kr., kl. 09:00. Borger 010190-1234 ringede fra 89 59 10 00.";
        var hits = PersonalData.Find(text).ToList();
        Assert.Equal([(PersonalDataKind.Cpr, text.IndexOf("010190", StringComparison.Ordinal)), (PersonalDataKind.Phone, text.IndexOf("89 59", StringComparison.Ordinal))],
            hits.Select(h => (h.Kind, h.Index)));
    }

    [Fact]
    public void Digits_other_than_0_to_9_count_as_they_do_in_the_patterns()
    {
        // \d in the patterns is any decimal digit, so the search must not skip a text for having "٠" instead of "0".
        var hit = Assert.Single(PersonalData.Find("tlf. 89 59 1\u0660 00"));
        Assert.Equal((PersonalDataKind.Phone, 5), (hit.Kind, hit.Index));
    }

    [Fact]
    public void A_cpr_number_in_other_decimal_digits_is_found_not_an_internal_error()
    {
        // "010190-1234" in Arabic-Indic digits: it used to end the file's check with REF000 (int.Parse refused it).
        var hit = Assert.Single(PersonalData.Find("cpr \u0660\u0661\u0660\u0661\u0669\u0660-\u0661\u0662\u0663\u0664"));
        Assert.Equal((PersonalDataKind.Cpr, 4), (hit.Kind, hit.Index));
        Assert.Empty(PersonalData.Find("nr. \u0663\u0662\u0661\u0663\u0669\u0660-\u0661\u0662\u0663\u0664")); // day 32: not a date
    }

    [Fact]
    public void Skipping_patterns_that_cannot_match_never_loses_a_hit()
    {
        string[] atoms = ["0", "1", "2", "5", "8", "9", "12", "31", "010190", "0101901234", "-", "/", ".", ",", ":", "+", "+45", "0045", " ", "\u00A0",
            "@", "a", "dk", "x.y", "_", "%", "\n", "\u0661", "2024", "1999", "89 59", "10 00", "8959", "jens@", "@norddjurs.dk", "ø", "æ"];
        var rng = new Random(20241113);
        var withHits = new Dictionary<PersonalDataKind, int>();
        for (var i = 0; i < 20_000; i++)
        {
            var text = string.Concat(Enumerable.Range(0, rng.Next(1, 25)).Select(_ => atoms[rng.Next(atoms.Length)]));
            var expected = Outcome(() => PersonalData.FindWithoutPrefilter(text).ToList());
            var actual = Outcome(() => PersonalData.Find(text).ToList());
            Assert.True(expected == actual, $"'{text}': expected {expected}, got {actual}");
            foreach (var kind in Enum.GetValues<PersonalDataKind>().Where(k => actual.Contains($"Kind = {k},", StringComparison.Ordinal)))
                withHits[kind] = withHits.GetValueOrDefault(kind) + 1;
        }
        // the random texts do contain every kind, many times
        Assert.All(Enum.GetValues<PersonalDataKind>(), k => Assert.True(withHits.GetValueOrDefault(k) > 500, $"{k}: {withHits.GetValueOrDefault(k)}"));

        static string Outcome(Func<List<PersonalDataHit>> find)
        {
            try { return string.Join(" | ", find()); }
            catch (FormatException ex) { return "!" + ex.Message; }
        }
    }
}
