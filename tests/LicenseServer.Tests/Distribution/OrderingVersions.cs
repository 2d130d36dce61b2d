using LicenseServer.Core.Distribution;
using LicenseServer.Core.Errors;

namespace LicenseServer.Tests.Distribution;

/// <summary>Version syntax, precedence, channels and upgrade constraints (distribution.md §3, §11.3), as pure rules.</summary>
public sealed class OrderingVersions
{
    [Theory]
    [InlineData("1.0.0", 1, 0, 0, null, null)]
    [InlineData("0.0.0", 0, 0, 0, null, null)]
    [InlineData("2.1.0-beta.3+build.77", 2, 1, 0, "beta.3", "build.77")]
    [InlineData("10.20.30-rc1", 10, 20, 30, "rc1", null)]
    [InlineData("1.0.0+p1", 1, 0, 0, null, "p1")]
    public void Full_semver_strings_parse_into_their_parts(string text, long major, long minor, long patch, string? prerelease, string? build)
    {
        var version = SemanticVersion.Parse(text);

        Assert.Equal(new SemanticVersion(major, minor, patch, prerelease, build), version);
        Assert.Equal(text, version!.ToString());
    }

    [Theory]
    [InlineData("v1.2.34")]
    [InlineData("1.2.34.56789")]
    [InlineData("1")]
    [InlineData("1.0")]
    [InlineData("01.0.0")]
    [InlineData("1.0.0-01")]
    [InlineData("1.0.0-")]
    [InlineData("1.0.0+")]
    [InlineData("1.0.0-beta..1")]
    [InlineData("99999999999999999999.0.0")]
    [InlineData("")]
    public void Anything_but_a_full_semver_string_is_refused(string text) => Assert.Null(SemanticVersion.Parse(text));

    [Fact]
    public void Precedence_follows_semver_with_the_build_as_tie_break()
    {
        string[] ascending =
        [
            "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-beta.2", "1.0.0-beta.10", "1.0.0-rc.1", "1.0.0", "1.0.0+build.1", "1.0.0+build.2",
            "1.0.0+build.10", "1.0.1-alpha.1", "1.1.0", "2.0.0-dev+build.1", "10.0.0",
        ];

        var shuffled = ascending.Reverse().Select(v => SemanticVersion.Parse(v)!).ToList();
        var byKey = shuffled.OrderBy(v => v.SortKey, StringComparer.Ordinal).Select(v => v.ToString());
        var byComparer = shuffled.Order().Select(v => v.ToString());

        Assert.Equal(ascending, byKey);
        Assert.Equal(ascending, byComparer);
    }

    [Theory]
    [InlineData("1.0.0-alpha", "1.0.0-alpha.beta")]
    [InlineData("1.0.0-alpha.beta", "1.0.0-beta")]
    [InlineData("1.0.0-beta.11", "1.0.0-rc.1")]
    [InlineData("1.0.0-alpha.9", "1.0.0-alpha.a")]
    [InlineData("1.0.0-a", "1.0.0-a-")]
    [InlineData("1.9.0", "1.10.0")]
    public void Identifiers_compare_as_semver_says(string lower, string higher) =>
        Assert.True(SemanticVersion.Parse(lower)!.CompareTo(SemanticVersion.Parse(higher)) < 0, $"{lower} < {higher}");

    [Theory]
    [InlineData("1.0.0", "stable")]
    [InlineData("1.0.0-rc.1", "rc")]
    [InlineData("1.0.0-beta", "beta")]
    [InlineData("1.0.0-alpha.2+b", "alpha")]
    [InlineData("1.0.0-dev+build.5", "dev")]
    public void A_version_fits_its_channel(string version, string channel) =>
        Assert.Equal(version, ReleaseRules.ParseVersion(version, channel).ToString());

    [Theory]
    [InlineData("1.0.0-alpha.1", "stable", "version does not match stable channel (expected x.y.z got 1.0.0-alpha.1)")]
    [InlineData("1.0.0-alpha.1", "beta", "version does not match prerelease channel (expected x.y.z-beta.n got 1.0.0-alpha.1)")]
    [InlineData("1.0.0", "rc", "version does not match prerelease channel (expected x.y.z-rc.n got 1.0.0)")]
    [InlineData("1.0.0-preview.1", "beta", "must be a valid channel")]
    public void A_version_outside_its_channel_is_VERSION_CHANNEL_INVALID(string version, string channel, string detail)
    {
        var error = Assert.Throws<DomainError>(() => ReleaseRules.ParseVersion(version, channel));

        Assert.Equal("VERSION_CHANNEL_INVALID", error.Errors[0].Code);
        Assert.Equal(detail, error.Errors[0].Detail);
    }

    [Fact]
    public void A_malformed_version_is_VERSION_INVALID()
    {
        var error = Assert.Throws<DomainError>(() => ReleaseRules.ParseVersion("v1.0.0", "stable"));

        Assert.Equal("VERSION_INVALID", error.Errors[0].Code);
    }

    [Theory]
    [InlineData("stable", "stable")]
    [InlineData("rc", "stable,rc")]
    [InlineData("beta", "stable,rc,beta")]
    [InlineData("alpha", "stable,rc,beta,alpha")]
    [InlineData("dev", "dev")]
    [InlineData("edge", "")]
    public void A_requested_channel_selects_its_channel_set(string requested, string set) =>
        Assert.Equal(set, string.Join(',', ReleaseChannels.SetOf(requested)));

    [Theory]
    [InlineData("1", "1.0.0", true)]
    [InlineData("1", "2.0.0", false)]
    [InlineData("1.0", "1.7.0", true)]
    [InlineData("1.5", "1.4.9", false)]
    [InlineData("1.5.2", "1.5.3", true)]
    [InlineData("1.5.2", "1.6.0", false)]
    [InlineData(">= 1.0", "1.7.0", true)]
    [InlineData("~> 2", "2.0.1", true)]
    [InlineData("1+p1", "1.3.0+p1", true)]
    [InlineData("1+p1", "1.3.0+p2", false)]
    [InlineData("1+p1", "1.3.0", false)]
    [InlineData("1-beta", "1.2.0-beta.4", true)]
    [InlineData("1-beta", "1.2.0-alpha.4", false)]
    [InlineData("1-beta.2", "1.2.0-beta.3", false)]
    public void A_constraint_keeps_its_major_minor_patch_and_identifiers(string constraint, string version, bool kept)
    {
        var release = Release.Of(SemanticVersion.Parse(version)!, "stable");

        Assert.Equal(kept, UpgradeConstraint.Parse(constraint).Matches(release));
    }

    [Theory]
    [InlineData("A")]
    [InlineData("1.x")]
    [InlineData("^1.0")]
    [InlineData("")]
    public void A_constraint_of_another_shape_is_CONSTRAINT_INVALID(string constraint)
    {
        var error = Assert.Throws<DomainError>(() => UpgradeConstraint.Parse(constraint));

        Assert.Equal("CONSTRAINT_INVALID", error.Errors[0].Code);
        Assert.Equal("invalid constraint format", error.Errors[0].Detail);
    }
}
