using System.Security.Cryptography;
using LicenseServer.Core.Distribution;

namespace LicenseServer.Tests.Distribution;

/// <summary>The shapes of an artifact checksum the server verifies (distribution.md §10.1) and the narrower ones the engines use.</summary>
public sealed class RecognizingChecksums
{
    private static readonly byte[] Data = "artifact"u8.ToArray();

    public static TheoryData<string, string?> Uploads => new()
    {
        { Convert.ToHexString(MD5.HashData(Data)), "md5" },
        { Convert.ToHexStringLower(SHA1.HashData(Data)), "sha1" },
        { new string('a', 56), "sha224" },
        { Convert.ToBase64String(SHA256.HashData(Data)), "sha256" },
        { Convert.ToBase64String(SHA384.HashData(Data)).TrimEnd('='), "sha384" },
        { Convert.ToBase64String(SHA512.HashData(Data)).TrimEnd('='), "sha512" },
        { Convert.ToBase64String(SHA512.HashData(Data)).Replace('+', '-').Replace('/', '_'), "sha512" },
        { "abc123", null },
        { "abc", null },
        { "not base64 at all!", null },
        { "", null },
    };

    [Theory]
    [MemberData(nameof(Uploads))]
    public void UploadsRecognizeHexAndAnyBase64ByTheDigestLength(string checksum, string? algorithm) =>
        Assert.Equal(algorithm, ArtifactChecksum.Recognize(checksum)?.Algorithm);

    [Fact]
    public void TheEnginesTakeHexWithOrWithoutPrefixAndOnlyPaddedStandardBase64()
    {
        var sha512 = SHA512.HashData(Data);
        Assert.Equal(("sha256", true), Engine("0x" + Convert.ToHexStringLower(SHA256.HashData(Data))));
        Assert.Equal(("sha512", false), Engine(Convert.ToBase64String(sha512)));
        Assert.Null(Engine(Convert.ToBase64String(sha512).TrimEnd('=')));
        Assert.Equal(sha512, ArtifactChecksum.RecognizeForEngines(Convert.ToBase64String(sha512))?.Checksum.Digest);
        Assert.Null(Engine("abc123"));
    }

    [Fact]
    public void SupportedAlgorithmsVerifyAndSha224IsOnlyRecognized()
    {
        var checksum = ArtifactChecksum.Recognize(Convert.ToHexString(SHA256.HashData(Data)))!;
        using var hash = checksum.NewHash()!;
        hash.AppendData(Data);
        Assert.True(checksum.Matches(hash.GetHashAndReset()));
        Assert.False(checksum.Matches(SHA256.HashData("other"u8)));
        Assert.Null(ArtifactChecksum.Recognize(new string('a', 56))!.NewHash());
    }

    private static (string, bool)? Engine(string checksum) =>
        ArtifactChecksum.RecognizeForEngines(checksum) is { } found ? (found.Checksum.Algorithm, found.Hex) : null;
}
