using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace LicenseServer.Api.Docs;

/// <summary>
/// The error statuses an operation can answer, each with the JSON:API error document and an example built from the
/// same <see cref="DomainError"/> the server throws (so the codes are the server's: TOKEN_INVALID, NOT_FOUND, JSON_INVALID,
/// TOO_MANY_REQUESTS, SERVICE_UNAVAILABLE, …). Statuses no route can rule out (409, 413, 500) share the <c>default</c> response.
/// </summary>
public static class ErrorResponses
{
    /// <summary>The schema name of the error document in <c>components</c>.</summary>
    public const string Schema = "ErrorDocument";

    /// <summary>
    /// What an operation does that can fail: <paramref name="Authenticated"/> (401, 403); <paramref name="Models"/>, the
    /// things its <c>{id}</c> segments name (404); <paramref name="InAccount"/> (404 for an unknown account);
    /// <paramref name="Body"/> (400 for a bad body); <paramref name="Paged"/> (400 for bad paging); <paramref name="Changes"/>
    /// (422); <paramref name="Throttled"/> (429); <paramref name="Database"/> (503 on an outage).
    /// </summary>
    public sealed record Cases(bool Authenticated, IReadOnlyList<string> Models, bool InAccount, bool Body, bool Paged, bool Changes, bool Throttled, bool Database);

    public static void AddTo(OpenApiDocument document, OpenApiResponses responses, Cases cases)
    {
        if (cases.Body)
        {
            Add(document, responses, "A malformed body: invalid JSON, a missing member or a member of the wrong type (`source.pointer` names it).",
                new DomainError(ErrorKind.BadRequest,
                    "The request could not be completed because it contains invalid JSON (check formatting/encoding)", "JSON_INVALID"));
        }
        else if (cases.Paged)
        {
            Add(document, responses, "A bad paging or sorting parameter (`source.parameter` names it).",
                DomainError.BadParameter("page[size]", "page size must be a number between 1 and 100 (got 0)"));
        }

        if (cases.Authenticated)
        {
            Add(document, responses, "No credentials, or a token or license key that is unknown, expired or revoked (TOKEN_MISSING, "
                + "TOKEN_INVALID, TOKEN_EXPIRED, LICENSE_INVALID); the `WWW-Authenticate` header names the scheme.",
                DomainError.Unauthorized(null, "TOKEN_INVALID"));
            Add(document, responses, "The bearer may not do this: it or its token lacks the route's permission, its role may not act "
                + "(\"You do not have permission to complete the request (ensure the token or license is allowed to access all resources)\"), "
                + "or the record is outside its scope.", DomainError.Forbidden("user lacks permission to perform action"));
        }

        if (cases.Models.Count > 0 || cases.InAccount)
        {
            Add(document, responses, cases.Models.Count == 0
                    ? "The account was not found."
                    : $"The {string.Join(" or ", cases.Models)} (or the account) was not found.",
                cases.Models.Count == 0
                    ? new DomainError(ErrorKind.NotFound, "The requested account 'acme' was not found", "NOT_FOUND")
                    : DomainError.NotFound(cases.Models[0], "3f1c0b9e-8d1a-4b6c-9e7f-0c5b3f2e8d1a"));
        }

        if (cases.Changes)
        {
            Add(document, responses, "The request is well formed but breaks a rule: an attribute out of range, a taken value, a missing "
                + "related resource, a limit reached, an action the resource's state forbids (`code` and `source.pointer` say which).",
                DomainError.Invalid("/data/attributes/metadata", "METADATA_TOO_LONG", $"too many keys (maximum is {MetadataJson.MaxKeys} keys)"));
        }

        if (cases.Throttled)
        {
            Add(document, responses, "A rate limit is reached (the password and second-factor throttles, or the operator's `RateLimits` "
                + "on public routes); `Retry-After` and the `X-RateLimit-*` headers say when to try again.",
                new DomainError(ErrorKind.TooManyRequests, "Throttle limit has been reached, please try again later", "TOO_MANY_REQUESTS"));
        }

        if (cases.Database)
        {
            // DatabaseUnavailable answers with a status of its own, not an ErrorKind.
            responses["503"] = Response(document, "The database does not answer; `Retry-After` says when to try again.",
                Example("Service unavailable", [new ErrorItem("The database is unavailable; try again shortly", "SERVICE_UNAVAILABLE")]));
        }

        responses["default"] = Response(document, "Another error, in the same document: 409 (a conflicting write), 413 (a body over the "
            + "size limit), 500 (an unexpected failure, logged under `meta.id`).",
            Example("Internal server error", [new ErrorItem("The server encountered an unexpected error")]));
    }

    /// <summary>Documents the status of <paramref name="error"/> with the document the server writes for it.</summary>
    public static void Add(OpenApiDocument document, OpenApiResponses responses, string description, DomainError error) =>
        responses[ErrorDocument.StatusOf(error.Kind).ToString(CultureInfo.InvariantCulture)] =
            Response(document, description, Example(ErrorDocument.TitleOf(error.Kind), error.Errors));

    private static OpenApiResponse Response(OpenApiDocument document, string description, JsonObject example) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            [JsonApiMedia.JsonApi] = new() { Schema = new OpenApiSchemaReference(Schema, document), Example = example },
        },
    };

    /// <summary>The document <see cref="ErrorDocument"/> writes for these errors.</summary>
    private static JsonObject Example(string title, IReadOnlyList<ErrorItem> errors)
    {
        var items = new JsonArray();
        foreach (var error in errors)
        {
            var item = new JsonObject { ["title"] = error.Title ?? title };
            if (error.Detail is not null)
            {
                item["detail"] = error.Detail;
            }

            if (error.Code is not null)
            {
                item["code"] = error.Code;
            }

            if (error.Source is { } source)
            {
                item["source"] = source.Pointer is not null ? new JsonObject { ["pointer"] = source.Pointer }
                    : source.Parameter is not null ? new JsonObject { ["parameter"] = source.Parameter }
                    : new JsonObject { ["header"] = source.Header };
            }

            items.Add(item);
        }

        return new JsonObject { ["meta"] = new JsonObject { ["id"] = "0HN8K2QF1B7PA:00000001" }, ["errors"] = items };
    }
}
