using System.Globalization;
using System.Text.RegularExpressions;

namespace LicenseServer.Core.Distribution;

/// <summary>
/// The <c>constraint</c> of an upgrade (distribution.md §11.3): a version prefix <c>MAJOR[.MINOR[.PATCH]]</c> with an
/// optional pre-release and build part, after an optional comparison operator that is accepted and ignored.
/// </summary>
public sealed partial class UpgradeConstraint
{
    [GeneratedRegex(@"^\s*(?:=|!=|>=|<=|>|<|~>)?\s*(0|[1-9][0-9]*)(?:\.(0|[1-9][0-9]*)(?:\.(0|[1-9][0-9]*))?)?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Syntax();

    private UpgradeConstraint(long major, long? minor, long? patch, string? prerelease, string? build)
    {
        Major = major;
        Minor = minor;
        Patch = patch;
        Prerelease = prerelease;
        Build = build;
    }

    public long Major { get; }

    public long? Minor { get; }

    public long? Patch { get; }

    public string? Prerelease { get; }

    public string? Build { get; }

    /// <summary>The constraint, or 400 <c>CONSTRAINT_INVALID</c> on the <c>constraint</c> parameter.</summary>
    public static UpgradeConstraint Parse(string text)
    {
        var match = Syntax().Match(text);
        if (!match.Success || !TryNumber(match.Groups[1], out var major) || !TryNumber(match.Groups[2], out var minor)
            || !TryNumber(match.Groups[3], out var patch))
        {
            throw DomainError.BadParameter("constraint", "invalid constraint format", "CONSTRAINT_INVALID");
        }

        return new UpgradeConstraint(major!.Value, minor, patch,
            match.Groups[4].Success ? match.Groups[4].Value : null, match.Groups[5].Success ? match.Groups[5].Value : null);
    }

    /// <summary>Whether the constraint needs <see cref="Matches"/> beyond what <see cref="Narrow"/> asks of the database.</summary>
    public bool ComparesIdentifiers => Prerelease is not null || Build is not null;

    /// <summary>The numeric part as a query: the major; the minor at least MINOR; with PATCH, that minor and a patch at least PATCH.</summary>
    public IQueryable<Release> Narrow(IQueryable<Release> releases)
    {
        releases = releases.Where(r => r.Major == Major);
        if (Patch is { } patch)
        {
            var minor = Minor!.Value;
            return releases.Where(r => r.Minor == minor && r.Patch >= patch);
        }

        return Minor is { } least ? releases.Where(r => r.Minor >= least) : releases;
    }

    /// <summary>
    /// Whether <paramref name="release"/> satisfies the whole constraint: <see cref="Narrow"/>'s numbers, then the pre-release
    /// words (and first number, when the constraint gives one) and likewise the build.
    /// </summary>
    public bool Matches(Release release) =>
        release.Major == Major
        && (Patch is { } patch ? release.Minor == Minor && release.Patch >= patch : Minor is not { } minor || release.Minor >= minor)
        && Same(Prerelease, release.Prerelease) && Same(Build, release.Build);

    /// <summary>Identifiers match when their words agree and, if the constraint names a number, their first numbers too.</summary>
    private static bool Same(string? wanted, string? actual)
    {
        if (wanted is null)
        {
            return true;
        }

        if (actual is null)
        {
            return false;
        }

        var (wantedWords, wantedNumber) = Split(wanted);
        var (actualWords, actualNumber) = Split(actual);
        return wantedWords == actualWords && (wantedNumber is null || wantedNumber == actualNumber);
    }

    private static (string Words, string? Number) Split(string identifiers)
    {
        var parts = identifiers.Split('.');
        return (string.Join('.', parts.Where(p => !p.All(char.IsAsciiDigit))), parts.FirstOrDefault(p => p.All(char.IsAsciiDigit)));
    }

    private static bool TryNumber(Group group, out long? value)
    {
        value = null;
        if (!group.Success)
        {
            return true;
        }

        if (!long.TryParse(group.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        value = number;
        return true;
    }
}
