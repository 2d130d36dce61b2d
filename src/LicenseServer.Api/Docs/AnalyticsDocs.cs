using Microsoft.OpenApi;

namespace LicenseServer.Api.Docs;

/// <summary>
/// What the analytics operations (enterprise.md §6, <c>Api/Analytics</c>) add to the generated description: the plain JSON
/// they answer with, the query parameters each reads (<see cref="Analytics.AnalyticsParameters"/>) and the 400 those
/// parameters can cause. Routes are the path after the account base (<c>/analytics/…</c>).
/// </summary>
public static class AnalyticsDocs
{
    private static readonly QueryParameters.Parameter[] Dates =
    [
        new("date[start]", "First UTC day (`YYYY-MM-DD`), with `date[end]`. Series and leaderboards: default today − 14 days, at "
            + "least today − 1 year; heatmaps: default today, at least today − 1 month."),
        new("date[end]", "Last UTC day (`YYYY-MM-DD`), with `date[start]`. Series and leaderboards: default and at most today; "
            + "heatmaps: default today + 364 days, at most today + 1 year."),
    ];

    private static readonly QueryParameters.Parameter License = new("license", "A license's id: only that license's validations.");

    private static readonly Dictionary<string, (string Description, QueryParameters.Parameter[] Parameters)> Routes = new(StringComparer.Ordinal)
    {
        ["/analytics/actions/count"] = ("`meta`: `activeLicensedUsers`, `activeLicenses`, `totalLicenses`, `totalMachines`, `totalUsers`.", []),
        ["/analytics/actions/top-licenses-by-volume"] = ("`meta`: up to 10 `{licenseId, count}`, the licenses most requested in the last 14 days.", []),
        ["/analytics/actions/top-urls-by-volume"] = ("`meta`: up to 10 `{method, url, count}`, the most requested urls of the last 14 days.", []),
        ["/analytics/actions/top-ips-by-volume"] = ("`meta`: up to 10 `{ip, count}`, the busiest client addresses of the last 14 days.", []),
        ["/analytics/gauges/{metric}"] = ("`data`: `[{metric, count}]` now, for `licenses`, `machines`, `users`, `alus`; today's `requests` "
            + "(`requests.2xx` … `requests.5xx`) and `validations` (`validations.<code>`).", [License]),
        ["/analytics/gauges/events/{event}"] = ("`data`: `[{metric, count}]`, today's events per name (`events.license-created`); `{event}` may "
            + "hold `*` (`license.*`).", []),
        ["/analytics/sparks/{metric}"] = ("`data`: `[{metric, date, count}]` per day (zero days left out) for `licenses`, `machines`, `users`, "
            + "`alus` (totals), `requests` and `validations`.", [License, .. Dates]),
        ["/analytics/sparks/events/{event}"] = ("`data`: `[{metric, date, count}]`, events per name and day (`events.license-created`).", Dates),
        ["/analytics/events/{event}"] = ("`data`: `[{metric, date, count}]`, events per name (as is) and day.",
        [
            new("resource[type]", "With `resource[id]`: only events logged against that record (e.g. `licenses`)."),
            new("resource[id]", "The record's id."),
            .. Dates,
        ]),
        ["/analytics/usage"] = ("`data`: `[{metric, date, count}]`, logged requests per class (`requests.2xx` … `requests.5xx`) and day.", Dates),
        ["/analytics/leaderboards/{name}"] = ("`data`: `[{discriminator, count}]`, most first, for `ips`, `licenses`, `urls` (`METHOD url`) "
            + "and `user-agents`.", [new("limit", "Rows (1–100, default 10).", JsonSchemaType.Integer), .. Dates]),
        ["/analytics/heatmaps/{name}"] = ("`data`: `[{date, x, y, temperature, count}]` for `expirations`: licenses expiring per day; `x` the "
            + "week from the Sunday on or before the start, `y` the weekday (0 = Sunday), `temperature` count ÷ the largest count.", Dates),
    };

    /// <summary>Describes the analytics operation at <paramref name="route"/> (the path after the account base), if it is one.</summary>
    public static void AddTo(OpenApiDocument document, OpenApiOperation operation, string route)
    {
        if (!Routes.TryGetValue(route, out var described))
        {
            return;
        }

        operation.Description = described.Description + " Readers: admins, developers, sales and support agents, read-only.";
        operation.Responses!["200"] = new OpenApiResponse
        {
            Description = route.StartsWith("/analytics/actions/", StringComparison.Ordinal)
                ? "A plain JSON document with `meta`."
                : "A plain JSON document with a `data` array of plain objects (not resource objects).",
            Content = new Dictionary<string, OpenApiMediaType> { [JsonApi.JsonApiMedia.JsonApi] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.Object } } },
        };
        if (route.Contains('{', StringComparison.Ordinal))
        {
            ErrorResponses.Add(document, operation.Responses, "An unknown gauge, leaderboard or heatmap name.", Hosting.Pipeline.UnknownRoute());
        }

        if (described.Parameters.Length == 0 && !route.Contains("{metric}", StringComparison.Ordinal) && !route.Contains("{event}", StringComparison.Ordinal))
        {
            return;
        }

        ErrorResponses.Add(document, operation.Responses, "A bad parameter: a date out of range or not `YYYY-MM-DD`, one date without the other, "
            + "a `limit` over 100, a `license` that is no id, an unknown spark metric (`metrics`) or event (`event`); `source.parameter` names it.",
            DomainError.BadParameter("date[start]", "must be greater than or equal to 2025-12-07"));
        foreach (var parameter in described.Parameters)
        {
            operation.Parameters!.Add(new OpenApiParameter
            {
                Name = parameter.Name,
                In = ParameterLocation.Query,
                Description = parameter.Description,
                Schema = new OpenApiSchema { Type = parameter.Type },
            });
        }
    }
}
