using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using LicenseServer.Core.Observability;
using LicenseServer.Core.Signatures;
using Microsoft.Extensions.Logging;

namespace LicenseServer.Core.Webhooks;

/// <summary>
/// Delivers one webhook event: claims the row, signs and posts the webhook-event document, then records the
/// outcome on the row and schedules the next attempt if one is due. Running it twice is harmless: a row that is
/// not due, already claimed, delivered or failed is left alone. The body is the <c>webhook-events</c> document, which
/// the HTTP side renders (<see cref="WebhookEventDocument"/>); the connection rules come with the injected client.
/// </summary>
public sealed partial class WebhookDeliveryJob(
    HttpClient http, LicenseServerDb db, IWebhookQueue queue, TimeProvider clock, WebhookEventDocument document, ILogger<WebhookDeliveryJob> logger)
{
    public const string HttpClientName = "webhooks";

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    /// <summary>Longer than one attempt can take; a crashed worker's claim runs out after it.</summary>
    public static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(2);

    private const int MaxBody = 2048;

    public async Task RunAsync(Guid webhookEventId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var claimUntil = now + ClaimFor;
        var claimed = await db.WebhookEvents
            .Where(e => e.Id == webhookEventId && e.NextAttemptAt != null && e.NextAttemptAt <= now
                && (e.Status == WebhookStatuses.Delivering || e.Status == WebhookStatuses.Failing)
                && (e.ClaimedUntil == null || e.ClaimedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.ClaimedUntil, claimUntil), ct);
        if (claimed == 0)
        {
            return;
        }

        var row = await db.WebhookEvents.FirstAsync(e => e.Id == webhookEventId, ct);
        var endpoint = row.EndpointId is { } endpointId ? await db.WebhookEndpoints.FirstOrDefaultAsync(e => e.Id == endpointId, ct) : null;
        if (endpoint is null || !endpoint.Subscribes(row.Event))
        {
            // The endpoint is gone or no longer subscribed: skip silently.
            row.NextAttemptAt = null;
            row.ClaimedUntil = null;
            await db.SaveChangesAsync(ct);
            return;
        }

        var account = await db.Accounts.AsNoTracking().FirstAsync(a => a.Id == row.AccountId, ct);
        var body = document(row);
        var outcome = await PostAsync(endpoint, account, row.ApiVersion, body, ct);
        row.Attempts++;
        row.LastResponseCode = outcome.Code;
        row.LastResponseBody = outcome.Body;
        row.ClaimedUntil = null;
        var finishedAt = clock.GetUtcNow().UtcDateTime;
        DateTime? retryAt = null;
        if (outcome.Delivered)
        {
            row.Status = WebhookStatuses.Delivered;
            row.NextAttemptAt = null;
        }
        else if (outcome.Final || WebhookRetrySchedule.DelayAfter(row.Attempts) is not { } delay)
        {
            row.Status = WebhookStatuses.Failed;
            row.NextAttemptAt = null;
            if (outcome.DisablesEndpoint)
            {
                endpoint.Subscriptions = [];
                endpoint.Updated = db.Now();
            }
        }
        else
        {
            row.Status = WebhookStatuses.Failing;
            retryAt = finishedAt + delay;
            row.NextAttemptAt = retryAt;
        }

        row.Updated = db.Now();
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateConcurrencyException)
        {
            // The event (or its endpoint) was deleted while it was being delivered: there is nothing left to record.
            LogDeletedDuringDelivery(logger, row.Id);
            return;
        }

        ServerMetrics.WebhookDelivered(row.Status);
        LogAttempt(logger, row.Id, row.Attempts, row.Status, outcome.Code, outcome.Body);
        if (retryAt is { } at)
        {
            queue.Schedule(row.Id, at);
        }
    }

    /// <summary>The version headers are the event's: its payload was migrated to that version when it was raised.</summary>
    private async Task<Outcome> PostAsync(WebhookEndpoint endpoint, Accounts.Account account, string apiVersion, byte[] body, CancellationToken ct)
    {
        var uri = new Uri(endpoint.Url);
        var date = MessageSigner.Date(clock.GetUtcNow());
        var digest = MessageSigner.Digest(body);
        var host = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}";
        var signing = MessageSigner.SigningString("post", uri.PathAndQuery, host, date, digest);
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Host = host;
        request.Headers.TryAddWithoutValidation("User-Agent", $"Keygen/{apiVersion} (+https://keygen.sh/docs/api/webhooks/)");
        request.Headers.TryAddWithoutValidation("Date", date);
        request.Headers.TryAddWithoutValidation("Digest", digest);
        request.Headers.TryAddWithoutValidation("Keygen-Date", date);
        request.Headers.TryAddWithoutValidation("Keygen-Digest", digest);
        request.Headers.TryAddWithoutValidation("Keygen-Signature", MessageSigner.Header(account, endpoint.SignatureAlgorithm, signing));
        request.Headers.TryAddWithoutValidation("Keygen-Version", apiVersion);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var code = (int)response.StatusCode;
            var text = await ReadBoundedAsync(response, timeout.Token);
            return code switch
            {
                >= 200 and < 300 => new Outcome(code, text, Delivered: true),
                410 or 530 => new Outcome(code, text, Final: true, DisablesEndpoint: true),
                _ => new Outcome(code, text),
            };
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new Outcome(null, "REQ_TIMEOUT");
        }
        catch (HttpRequestException e)
        {
            return Failure(e);
        }
    }

    /// <summary>Network failures: TLS errors retry; refused, reset, unreachable, DNS and EOF fail at once.</summary>
    private static Outcome Failure(HttpRequestException e)
    {
        if (e.HttpRequestError == HttpRequestError.SecureConnectionError || e.InnerException is AuthenticationException)
        {
            return new Outcome(null, "SSL_ERROR");
        }

        if (e.HttpRequestError == HttpRequestError.NameResolutionError)
        {
            return new Outcome(null, "DNS_ERROR", Final: true);
        }

        if (e.HttpRequestError == HttpRequestError.ResponseEnded)
        {
            return new Outcome(null, "EOF_ERROR", Final: true);
        }

        return (e.InnerException as SocketException)?.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => new Outcome(null, "CONN_REFUSED", Final: true),
            SocketError.ConnectionReset or SocketError.ConnectionAborted => new Outcome(null, "CONN_RESET", Final: true),
            SocketError.NetworkUnreachable or SocketError.NetworkDown => new Outcome(null, "NET_UNREACH", Final: true),
            SocketError.HostUnreachable or SocketError.HostDown => new Outcome(null, "HOST_UNREACH", Final: true),
            SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData => new Outcome(null, "DNS_ERROR", Final: true),
            _ => new Outcome(null, "REQ_ERROR"),
        };
    }

    /// <summary>The response body as text, or <c>RES_BODY_TOO_LARGE</c> past 2048 bytes.</summary>
    private static async Task<string?> ReadBoundedAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[MaxBody + 1];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), ct)) > 0)
        {
            read += n;
        }

        return read > MaxBody ? "RES_BODY_TOO_LARGE" : Encoding.UTF8.GetString(buffer, 0, read);
    }

    private sealed record Outcome(int? Code, string? Body, bool Delivered = false, bool Final = false, bool DisablesEndpoint = false);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook event {Id} attempt {Attempt}: {Status} ({Code} {Body})")]
    private static partial void LogAttempt(ILogger logger, Guid id, int attempt, string status, int? code, string? body);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook event {Id} was deleted during its delivery; its outcome is not recorded")]
    private static partial void LogDeletedDuringDelivery(ILogger logger, Guid id);
}
