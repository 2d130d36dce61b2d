namespace LicenseServer.Core.Distribution.Storage;

/// <summary>What a store knows of an artifact's bytes: their length, the content type recorded at upload, and an entity tag.</summary>
public sealed record StoredObject(long Length, string ContentType, string? ETag);
