namespace LicenseServer.Core.Licenses;

/// <summary>The outcome of a validation: a failed validation is data, not an error.</summary>
public sealed record ValidationResult(bool Valid, string Detail, string Code)
{
    public static ValidationResult Invalid(string detail, string code) => new(false, detail, code);

    public static readonly ValidationResult NotFound = Invalid("does not exist", "NOT_FOUND");
}
