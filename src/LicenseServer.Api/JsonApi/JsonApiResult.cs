namespace LicenseServer.Api.JsonApi;

/// <summary>A JSON:API document written straight to bytes, sent through <see cref="ResponseSender"/>.</summary>
public sealed class JsonApiResult(int status, Action<Utf8JsonWriter>? writeDocument, string? location = null) : IResult
{
    public int Status => status;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        if (writeDocument is null)
        {
            return ResponseSender.SendAsync(httpContext, status, ReadOnlyMemory<byte>.Empty, location);
        }

        return SendAsync(httpContext, writeDocument);
    }

    private async Task SendAsync(HttpContext httpContext, Action<Utf8JsonWriter> writeDocument)
    {
        using var buffer = new PooledBufferWriter();
        using (var w = new Utf8JsonWriter(buffer))
        {
            writeDocument(w);
        }

        await ResponseSender.SendAsync(httpContext, status, buffer.WrittenMemory, location);
    }
}
