namespace LicenseServer.Api.Hosting;

/// <summary>
/// <c>LicenseServer.Api healthcheck [--url URL]</c>: asks a running server's readiness route (<c>/v1/health/ready</c>)
/// and exits 0 when it answers 2xx, 1 otherwise. For container health checks, where the runtime image has no curl. It
/// builds no host and opens no database connection: it is one HTTP request, answered within 5 seconds or failed.
/// Without <c>--url</c> it asks the first address the server listens on (<c>LICENSESERVER_URLS</c>,
/// <c>ASPNETCORE_URLS</c>, else the default), with a wildcard host read as loopback.
/// </summary>
public static class HealthCheckCommand
{
    public static bool Matches(string[] args) => args.Length > 0 && args[0] == "healthcheck";

    public static async Task<int> RunAsync(string[] args)
    {
        var url = ReadinessUrl(args, Environment.GetEnvironmentVariable);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await http.GetAsync(url);
            if (response.IsSuccessStatusCode)
            {
                return 0;
            }

            await Console.Error.WriteLineAsync($"healthcheck: {url} answered {(int)response.StatusCode}");
            return 1;
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"healthcheck: {url} did not answer: {error.Message}");
            return 1;
        }
    }

    /// <summary>The readiness URL for the arguments and environment.</summary>
    public static Uri ReadinessUrl(string[] args, Func<string, string?> environment)
    {
        var index = Array.IndexOf(args, "--url");
        var listen = index >= 0 && index + 1 < args.Length
            ? args[index + 1]
            : environment("LICENSESERVER_URLS") is { Length: > 0 } configured ? configured
            : environment("ASPNETCORE_URLS") is { Length: > 0 } aspnet ? aspnet
            : ServiceRegistration.DefaultUrls;
        var first = listen.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
        var builder = new UriBuilder(first.Replace("://+", "://localhost", StringComparison.Ordinal)
            .Replace("://*", "://localhost", StringComparison.Ordinal));
        if (builder.Host is "0.0.0.0" or "localhost")
        {
            builder.Host = "127.0.0.1";
        }
        else if (builder.Host is "[::]" or "::")
        {
            builder.Host = "[::1]";
        }

        builder.Path = builder.Path.TrimEnd('/') + "/v1/health/ready";
        return builder.Uri;
    }
}
