using LicenseServer.Api.Hosting;

namespace LicenseServer.Api.JsonApi;

/// <summary>
/// Turns every failure into a JSON:API error document: domain errors by their kind, oversized or
/// broken requests as 4xx, anything else as a generic 500 that is logged and never echoed. What is logged goes through
/// <see cref="LogRedaction"/>: the detail may echo a license key the client sent, the log must not.
/// </summary>
public sealed partial class ErrorHandlingMiddleware(RequestDelegate next, ILogger<ErrorHandlingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext http)
    {
        try
        {
            await next(http);
        }
        catch (DomainError error)
        {
            LogClientError(http, ErrorDocument.StatusOf(error.Kind), error.Message);
            await ErrorDocument.SendAsync(http, error);
        }
        catch (BadHttpRequestException error)
        {
            var kind = error.StatusCode == StatusCodes.Status413PayloadTooLarge ? ErrorKind.PayloadTooLarge : ErrorKind.BadRequest;
            var detail = kind == ErrorKind.PayloadTooLarge ? "The request body is too large" : "The request could not be completed";
            LogClientError(http, error.StatusCode, error.Message);
            await ErrorDocument.SendAsync(http, new DomainError(kind, detail));
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
        }
        catch (Exception error) when (DatabaseOutage.Reason(error) is { } reason)
        {
            await DatabaseUnavailable.SendAsync(http, reason);
        }
        catch (Exception error) when (LostRace(http, error) is { } answer)
        {
            LogClientError(http, ErrorDocument.StatusOf(answer.Kind), answer.Message);
            await ErrorDocument.SendAsync(http, answer);
        }
        catch (Exception error)
        {
            LogServerError(logger, LogRedaction.Redact(error, http), http.Request.Method, LogRedaction.Target(http.Request));
            await ErrorDocument.SendAsync(http, StatusCodes.Status500InternalServerError, "Internal server error",
                [new ErrorItem("The server encountered an unexpected error")]);
        }
    }

    /// <summary>A write that lost a race with another request (unique index, deleted parent, lock): its 4xx (DbErrors).</summary>
    private static DomainError? LostRace(HttpContext http, Exception error) =>
        DbErrors.Translate(error, name => http.GetRouteValue(name)?.ToString());

    /// <summary>The path and detail as logged lose the secrets the client sent (<see cref="LogRedaction"/>).</summary>
    private void LogClientError(HttpContext http, int status, string detail)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            LogClientError(logger, http.Request.Method, LogRedaction.Target(http.Request), status, LogRedaction.Redact(detail, http));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} answered {Status}: {Detail}")]
    private static partial void LogClientError(ILogger logger, string method, string path, int status, string detail);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    private static partial void LogServerError(ILogger logger, Exception error, string method, string path);
}
