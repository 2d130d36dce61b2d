namespace LicenseServer.Core.Common;

public static class Ids
{
    /// <summary>A UUID with or without dashes, any case. Braces and other forms are not ids here.</summary>
    public static bool TryParse(string? value, out Guid id)
    {
        id = Guid.Empty;
        if (value is null || (value.Length != 36 && value.Length != 32))
        {
            return false;
        }

        return Guid.TryParseExact(value, value.Length == 36 ? "D" : "N", out id);
    }

    public static bool LooksLikeUuid(string? value) => TryParse(value, out _);

    public static string Format(Guid id) => id.ToString("D");
}
