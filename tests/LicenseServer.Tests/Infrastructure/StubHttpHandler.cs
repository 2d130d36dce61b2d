using System.Net;

namespace LicenseServer.Tests.Infrastructure;

/// <summary>An HTTP receiver in memory: answers each request with the next reply and records what it got.</summary>
public sealed class StubHttpHandler(params Func<HttpResponseMessage>[] replies) : HttpMessageHandler
{
    public List<ReceivedRequest> Received { get; } = [];

    public static Func<HttpResponseMessage> Status(HttpStatusCode status, string body = "") =>
        () => new HttpResponseMessage(status) { Content = new StringContent(body) };

    public static Func<HttpResponseMessage> Throws(Exception exception) => () => throw exception;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var headers = request.Headers.NonValidated.Concat(request.Content?.Headers.NonValidated ?? default)
            .ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        Received.Add(new ReceivedRequest(request.Method, request.RequestUri!, headers, body));
        var reply = replies[Math.Min(Received.Count, replies.Length) - 1];
        return reply();
    }
}
