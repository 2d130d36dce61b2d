namespace LicenseServer.Core.Distribution.Storage;

/// <summary>
/// What the received bytes of an upload must satisfy (distribution.md §7.3): at most <see cref="MaxSize"/> bytes, exactly
/// <see cref="Filesize"/> when the artifact declared one, and the digest of <see cref="Checksum"/> when it is recognisable.
/// </summary>
public sealed record UploadExpectation(long MaxSize, long? Filesize, string? Checksum);
