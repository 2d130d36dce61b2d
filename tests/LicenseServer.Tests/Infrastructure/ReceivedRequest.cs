namespace LicenseServer.Tests.Infrastructure;

/// <summary>A request as a <see cref="StubHttpHandler"/> received it; headers keyed case-insensitively.</summary>
public sealed record ReceivedRequest(HttpMethod Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, byte[] Body);
