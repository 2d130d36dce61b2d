using LicenseServer.Core.Versions;

namespace LicenseServer.Tests.Versions;

public sealed class ComparingApiVersions
{
    [Fact]
    public void Minor_versions_compare_as_numbers_not_as_text()
    {
        Assert.True(ApiVersion.Parse("1.10") > ApiVersion.Parse("1.8"));
        Assert.True(ApiVersion.Parse("1.8") < ApiVersion.Parse("1.10"));
        Assert.True(ApiVersion.Parse("1.9") <= ApiVersion.Parse("1.10"));
        Assert.True(ApiVersion.Parse("2.0") > ApiVersion.Parse("1.10"));
        Assert.False(ApiVersion.Parse("1.10").AtMost(1, 8));
    }

    [Theory]
    [InlineData("1.8", 1, 8)]
    [InlineData("v1.3", 1, 3)]
    [InlineData("V1.0", 1, 0)]
    [InlineData("1.10", 1, 10)]
    public void A_version_parses_to_major_and_minor(string text, int major, int minor)
    {
        Assert.True(ApiVersion.TryParse(text, out var version));
        Assert.Equal(new ApiVersion(major, minor), version);
        Assert.Equal($"{major}.{minor}", version.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("1")]
    [InlineData("1.")]
    [InlineData(".8")]
    [InlineData("1.8.0")]
    [InlineData("1.-8")]
    [InlineData(" 1.8")]
    [InlineData("1.8x")]
    [InlineData("99999999999.1")]
    public void Anything_else_is_not_a_version(string? text)
    {
        Assert.False(ApiVersion.TryParse(text, out _));
    }

    [Fact]
    public void An_unparsable_stored_version_counts_as_the_current_one()
    {
        Assert.Equal(ApiVersion.Current, ApiVersion.Of("garbage"));
        Assert.Equal(new ApiVersion(1, 8), ApiVersion.Current);
    }
}
