using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace LicenseServer.Core.Distribution;

/// <summary>
/// A SemVer 2.0 version as releases store it (distribution.md §3.1): three integers, optional pre-release and build
/// identifiers. Ordered by precedence with the build tie-break of §3.3.
/// </summary>
public sealed partial record SemanticVersion(long Major, long Minor, long Patch, string? Prerelease, string? Build)
    : IComparable<SemanticVersion>
{
    [GeneratedRegex(@"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(?:-((?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*))*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Syntax();

    /// <summary>The canonical string.</summary>
    public override string ToString() =>
        $"{Major}.{Minor}.{Patch}{(Prerelease is null ? "" : "-" + Prerelease)}{(Build is null ? "" : "+" + Build)}";

    /// <summary>Parses a full three-part version; null for anything else (a <c>v</c> prefix, shortened forms, leading zeros, overflow).</summary>
    public static SemanticVersion? Parse(string? text)
    {
        if (text is null || text.Length > 255)
        {
            return null;
        }

        var match = Syntax().Match(text);
        if (!match.Success
            || !long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            || !long.TryParse(match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
            || !long.TryParse(match.Groups[3].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var patch))
        {
            return null;
        }

        return new SemanticVersion(major, minor, patch,
            match.Groups[4].Success ? match.Groups[4].Value : null,
            match.Groups[5].Success ? match.Groups[5].Value : null);
    }

    /// <summary>
    /// A string whose ordinal (collation C) order is the precedence order: each core number as its digit count and
    /// digits; then <c>1</c> and the pre-release identifiers, or <c>2</c> for none; then <c>0</c> for no build, or
    /// <c>1</c> and the build identifiers. An identifier is <c>0</c>, digit count and digits when numeric, else
    /// <c>1</c>, its characters and <c>!</c>; a list ends with <c>.</c>, which sorts below any identifier.
    /// </summary>
    public string SortKey
    {
        get
        {
            var key = new StringBuilder();
            AppendNumber(key, Major.ToString(CultureInfo.InvariantCulture));
            AppendNumber(key, Minor.ToString(CultureInfo.InvariantCulture));
            AppendNumber(key, Patch.ToString(CultureInfo.InvariantCulture));
            if (Prerelease is null)
            {
                key.Append('2');
            }
            else
            {
                key.Append('1');
                AppendIdentifiers(key, Prerelease);
            }

            if (Build is null)
            {
                key.Append('0');
            }
            else
            {
                key.Append('1');
                AppendIdentifiers(key, Build);
            }

            return key.ToString();
        }
    }

    /// <inheritdoc/>
    public int CompareTo(SemanticVersion? other) =>
        other is null ? 1 : string.CompareOrdinal(SortKey, other.SortKey);

    private static void AppendIdentifiers(StringBuilder key, string identifiers)
    {
        foreach (var identifier in identifiers.Split('.'))
        {
            if (identifier.All(char.IsAsciiDigit))
            {
                key.Append('0');
                AppendNumber(key, identifier.TrimStart('0') is "" ? "0" : identifier.TrimStart('0'));
            }
            else
            {
                key.Append('1').Append(identifier).Append('!');
            }
        }

        key.Append('.');
    }

    private static void AppendNumber(StringBuilder key, string digits) =>
        key.Append(digits.Length.ToString("D3", CultureInfo.InvariantCulture)).Append(digits);
}
