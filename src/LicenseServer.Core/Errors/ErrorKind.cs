namespace LicenseServer.Core.Errors;

/// <summary>What went wrong, which decides the HTTP status and title of the error document.</summary>
public enum ErrorKind
{
    BadRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    PayloadTooLarge,
    /// <summary>An action precondition failed (422 "Unprocessable entity").</summary>
    UnprocessableEntity,
    /// <summary>A model validation failed (422 "Unprocessable resource").</summary>
    UnprocessableResource,
    TooManyRequests,
}
