namespace SiteGen.Diagnostics;

public enum Severity { Error, Warning }

/// <summary>One problem found in the input, as a value. Printed in the canonical compiler form
/// <c>path(line,col): error CODE: message</c> so editors and CI can jump to it.</summary>
public sealed record Diagnostic(string Code, Severity Severity, string File, int Line, int Column, string Message)
{
    public bool IsError => Severity == Severity.Error;

    public override string ToString() =>
        $"{File}({Line},{Column}): {(IsError ? "error" : "warning")} {Code}: {Message}";
}
