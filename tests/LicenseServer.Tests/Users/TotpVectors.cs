using LicenseServer.Core.Users;
using OtpNet;

namespace LicenseServer.Tests.Users;

/// <summary>
/// RFC 6238 appendix B (SHA-1, secret "12345678901234567890"): the TOTP library with 8 digits, the server's own check
/// with the 6-digit truncation of the same values, and the independent code generator the HTTP tests use.
/// </summary>
public sealed class TotpVectors
{
    private const string RfcSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    public static TheoryData<long, string> Vectors => new()
    {
        { 59, "94287082" },
        { 1111111109, "07081804" },
        { 1111111111, "14050471" },
        { 1234567890, "89005924" },
        { 2000000000, "69279037" },
        { 20000000000, "65353130" },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void The_library_computes_the_eight_digit_rfc_values(long unixSeconds, string expected)
    {
        var totp = new Totp("12345678901234567890"u8.ToArray(), 30, OtpHashMode.Sha1, 8);

        Assert.Equal(expected, totp.ComputeTotp(DateTimeOffset.FromUnixTimeSeconds(unixSeconds).UtcDateTime));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void The_server_accepts_the_six_digit_truncation_at_that_time_and_nothing_else(long unixSeconds, string expected)
    {
        var at = DateTimeOffset.FromUnixTimeSeconds(unixSeconds);
        var sixDigits = expected[^6..];
        var wrong = ((int.Parse(sixDigits) + 1) % 1_000_000).ToString("D6");

        Assert.False(SecondFactors.Verify(Factor(), null, wrong, at));
        Assert.False(SecondFactors.Verify(Factor(), null, expected, at));
        Assert.True(SecondFactors.Verify(Factor(), null, sixDigits, at));
        Assert.Equal(sixDigits, TestTotp.Code(RfcSecret, at));
    }

    [Fact]
    public void A_code_is_accepted_for_ten_seconds_after_its_step_and_only_once()
    {
        var step = DateTimeOffset.FromUnixTimeSeconds(1111111110);
        var code = TestTotp.Code(RfcSecret, step);
        var factor = Factor();

        Assert.False(SecondFactors.Verify(Factor(), null, code, step.AddSeconds(40)));
        Assert.True(SecondFactors.Verify(factor, null, code, step.AddSeconds(39)));
        Assert.False(SecondFactors.Verify(factor, null, code, step.AddSeconds(39)));
        Assert.False(SecondFactors.Verify(Factor(), null, code, step.AddSeconds(-1)));
    }

    /// <summary>A factor whose stored secret is plain text (as rows from before encryption would be), so no key ring is needed.</summary>
    private static SecondFactor Factor() => new() { StoredSecret = RfcSecret };
}

/// <summary>RFC 6238 TOTP (SHA-1, 6 digits, 30 s) written out independently of the library the server uses.</summary>
public static class TestTotp
{
    public static string Code(string base32Secret, DateTimeOffset at)
    {
        var key = FromBase32(base32Secret);
        var counter = BitConverter.GetBytes(at.ToUnixTimeSeconds() / 30);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(counter);
        }

        var hash = System.Security.Cryptography.HMACSHA1.HashData(key, counter);
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6");
    }

    private static byte[] FromBase32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text.TrimEnd('='))
        {
            buffer = (buffer << 5) | alphabet.IndexOf(char.ToUpperInvariant(c));
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                bytes.Add((byte)(buffer >> bits));
                buffer &= (1 << bits) - 1;
            }
        }

        return [.. bytes];
    }
}
