namespace LicenseServer.Api.Licenses;

/// <summary>
/// The options of a license or machine check-out (behaviour.md §4.8): <c>encrypt</c>, <c>algorithm</c>, <c>ttl</c> and
/// <c>include</c>, from the query string and, for POST, from the body's <c>meta</c> (which wins).
/// </summary>
public sealed class CheckOutRequest
{
    public const long DefaultTtl = 2_629_746;
    public const long MinimumTtl = 3_600;

    /// <summary>A hundred years: far enough for any offline file, and always a time .NET and PostgreSQL can hold.</summary>
    public const long MaximumTtl = 3_155_695_200;

    public bool Encrypt { get; private set; }

    public string? Algorithm { get; private set; }

    /// <summary>Seconds until the file expires; null for a file that never expires.</summary>
    public long? Ttl { get; private set; } = DefaultTtl;

    /// <summary>The requested include names, unchecked.</summary>
    public List<string> Include { get; private set; } = [];

    public static async Task<CheckOutRequest> ReadAsync(HttpContext http)
    {
        var request = new CheckOutRequest();
        request.ReadQuery(http.Request.Query);
        if (HttpMethods.IsPost(http.Request.Method))
        {
            request.ReadMeta(await ActionRequest.ReadMetaAsync(http));
        }

        if (request.Ttl is < MinimumTtl)
        {
            throw DomainError.BadParameter("ttl", "must be greater than or equal to 3600 (1 hour)", "CHECKOUT_TTL_INVALID");
        }

        if (request.Ttl is > MaximumTtl)
        {
            throw DomainError.BadParameter("ttl", $"must be less than or equal to {MaximumTtl} (100 years)", "CHECKOUT_TTL_INVALID");
        }

        return request;
    }

    private void ReadQuery(IQueryCollection query)
    {
        if (query.TryGetValue("encrypt", out var encrypt))
        {
            Encrypt = (string?)encrypt switch
            {
                null or "" => false,
                var text when bool.TryParse(text, out var value) => value,
                "1" => true,
                "0" => false,
                _ => throw DomainError.BadParameter("encrypt", "type mismatch (received string expected boolean)"),
            };
        }

        if (query.TryGetValue("algorithm", out var algorithm))
        {
            Algorithm = algorithm.ToString();
        }

        if (query.TryGetValue("ttl", out var ttl))
        {
            Ttl = (string?)ttl switch
            {
                null or "" or "null" => null,
                var text when long.TryParse(text, out var seconds) => seconds,
                _ => throw DomainError.BadParameter("ttl", "type mismatch (received string expected integer)"),
            };
        }

        var includes = query["include"].Concat(query["include[]"]);
        Include = [.. includes.SelectMany(Split)];
    }

    private void ReadMeta(RequestObject meta)
    {
        meta.Permit("encrypt", "algorithm", "ttl", "include");
        if (meta.Bool("encrypt", nullable: true) is { Present: true } encrypt)
        {
            Encrypt = encrypt.Value ?? false;
        }

        if (meta.String("algorithm", nullable: true) is { Present: true } algorithm)
        {
            Algorithm = algorithm.Value;
        }

        if (meta.TryGet("ttl", out var text) && text.ValueKind == JsonValueKind.String && text.GetString() == string.Empty)
        {
            Ttl = null;
        }
        else if (meta.Integer("ttl", nullable: true) is { Present: true } ttl)
        {
            Ttl = ttl.Value;
        }

        if (meta.TryGet("include", out var include))
        {
            Include = include.ValueKind switch
            {
                JsonValueKind.Null => [],
                JsonValueKind.String => [.. Split(include.GetString())],
                _ => meta.StringArray("include").Value ?? [],
            };
        }
    }

    private static IEnumerable<string> Split(string? list) =>
        (list ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
