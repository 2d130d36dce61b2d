using System.Text.Json;

namespace LicenseServer.Core.Errors;

/// <summary>
/// The one error type of the domain. The API turns it into a JSON:API error document;
/// nothing it carries is ever an internal message.
/// </summary>
public sealed class DomainError : Exception
{
    public DomainError(ErrorKind kind, IReadOnlyList<ErrorItem> errors)
        : base(errors.Count > 0 ? errors[0].Detail : kind.ToString())
    {
        Kind = kind;
        Errors = errors;
    }

    public DomainError(ErrorKind kind, string? detail, string? code = null, ErrorSource? source = null, string? title = null)
        : this(kind, [new ErrorItem(detail, code, source, title)])
    {
    }

    public ErrorKind Kind { get; }

    public IReadOnlyList<ErrorItem> Errors { get; }

    /// <summary>Set on 401 errors: the scheme named in the WWW-Authenticate challenge.</summary>
    public string? ChallengeScheme { get; init; }

    public static DomainError BadRequest(string detail, string? pointer = null, string? code = null) =>
        new(ErrorKind.BadRequest, detail, code, pointer is null ? null : ErrorSource.AtPointer(pointer));

    /// <summary>The 400 for a member of the wrong JSON type: "type mismatch (received string expected integer)".</summary>
    public static DomainError TypeMismatch(string pointer, JsonElement value, string expected) =>
        BadRequest($"type mismatch (received {JsonTypeName(value)} expected {expected})", pointer);

    private static string JsonTypeName(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => value.TryGetInt64(out _) ? "integer" : "float",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };

    public static DomainError BadParameter(string parameter, string detail, string? code = null) =>
        new(ErrorKind.BadRequest, detail, code, ErrorSource.AtParameter(parameter));

    public static DomainError NotFound(string model, string id) =>
        new(ErrorKind.NotFound, $"The requested {model} '{id}' was not found", "NOT_FOUND");

    public static DomainError Forbidden(string? reason = null, string? code = null) =>
        new(ErrorKind.Forbidden, reason is null
            ? "You do not have permission to complete the request (ensure the token or license is allowed to access all resources)"
            : $"You do not have permission to complete the request ({reason})", code);

    public static DomainError Invalid(string pointer, string code, string detail) =>
        new(ErrorKind.UnprocessableResource, detail, code, ErrorSource.AtPointer(pointer));

    public static DomainError Unprocessable(string detail, string? pointer = null, string? code = null) =>
        new(ErrorKind.UnprocessableEntity, detail, code, pointer is null ? null : ErrorSource.AtPointer(pointer));

    public static DomainError Unauthorized(string? detail, string code, ErrorSource? source = null, string scheme = "Bearer") =>
        new(ErrorKind.Unauthorized, detail ?? "You must be authenticated to complete the request", code, source) { ChallengeScheme = scheme };
}
