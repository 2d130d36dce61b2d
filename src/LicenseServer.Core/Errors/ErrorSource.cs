namespace LicenseServer.Core.Errors;

/// <summary>The JSON:API <c>source</c> member: exactly one of pointer, parameter or header.</summary>
public sealed record ErrorSource(string? Pointer = null, string? Parameter = null, string? Header = null)
{
    public static ErrorSource AtPointer(string pointer) => new(Pointer: pointer);

    public static ErrorSource AtParameter(string parameter) => new(Parameter: parameter);

    public static ErrorSource AtHeader(string header) => new(Header: header);
}
