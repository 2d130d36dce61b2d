using LicenseServer.Core.Accounts;

namespace LicenseServer.Core.Versions;

/// <summary>
/// An API version as (major, minor), compared numerically: "1.10" is newer than "1.8" (an ordinal string comparison
/// would put it first). Parsing accepts any "major.minor" of digits (a leading "v" stripped); whether the server
/// supports it is <see cref="ApiVersions.IsSupported"/>.
/// </summary>
public readonly record struct ApiVersion(int Major, int Minor) : IComparable<ApiVersion>
{
    public static readonly ApiVersion Current = Parse(ApiVersions.Current);

    public static bool TryParse(string? text, out ApiVersion version)
    {
        version = default;
        var span = text.AsSpan();
        if (span.Length > 0 && span[0] is 'v' or 'V')
        {
            span = span[1..];
        }

        var dot = span.IndexOf('.');
        if (dot <= 0 || !Digits(span[..dot], out var major) || !Digits(span[(dot + 1)..], out var minor))
        {
            return false;
        }

        version = new ApiVersion(major, minor);
        return true;
    }

    public static ApiVersion Parse(string text) =>
        TryParse(text, out var version) ? version : throw new FormatException($"'{text}' is not an API version");

    /// <summary>The version a stored or resolved version string names; the current version when it names none.</summary>
    public static ApiVersion Of(string? text) => TryParse(text, out var version) ? version : Current;

    /// <summary>1 to 9 ASCII digits (no sign, no spaces), so the value always fits an int.</summary>
    private static bool Digits(ReadOnlySpan<char> span, out int value)
    {
        value = 0;
        if (span.Length is 0 or > 9)
        {
            return false;
        }

        foreach (var c in span)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    public int CompareTo(ApiVersion other) => Major != other.Major ? Major.CompareTo(other.Major) : Minor.CompareTo(other.Minor);

    public static bool operator <(ApiVersion left, ApiVersion right) => left.CompareTo(right) < 0;

    public static bool operator <=(ApiVersion left, ApiVersion right) => left.CompareTo(right) <= 0;

    public static bool operator >(ApiVersion left, ApiVersion right) => left.CompareTo(right) > 0;

    public static bool operator >=(ApiVersion left, ApiVersion right) => left.CompareTo(right) >= 0;

    /// <summary>Whether this version is at or below <paramref name="major"/>.<paramref name="minor"/> (the last version with an old behaviour).</summary>
    public bool AtMost(int major, int minor) => this <= new ApiVersion(major, minor);

    public override string ToString() => $"{Major}.{Minor}";
}
