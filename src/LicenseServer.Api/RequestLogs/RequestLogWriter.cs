using System.Buffers;
using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
using LicenseServer.Api.Configuration;
using LicenseServer.Core.RequestLogs;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LicenseServer.Api.RequestLogs;

/// <summary>
/// The one background writer of request logs (enterprise.md §4). A request hands it a <see cref="CapturedRequest"/> after its
/// response and goes on; the writer lets logs gather for a quarter of a second, redacts and formats them and writes them as
/// one binary COPY, so logs appear well within the 5 s the spec allows and the database sees a few large writes a second. The queue is bounded: when it is full (the database is slow or
/// down) new logs are dropped and counted, never waited for, and a batch that cannot be written is retried a few times, then
/// dropped. It stops after the web server has finished its last request, writing everything still queued.
/// </summary>
public sealed partial class RequestLogWriter(NpgsqlDataSource dataSource, IOptions<LogOptions> options, TimeProvider clock,
    ILogger<RequestLogWriter> logger) : IHostedLifecycleService
{
    public const int Capacity = 20_000;
    private const int MaxBatch = 1_000;
    private const int MaxTries = 5;

    private static readonly TimeSpan RetryFloor = TimeSpan.FromMilliseconds(200);

    /// <summary>How long the writer lets logs gather before a batch (well within the 5 s in which logs must appear).</summary>
    private static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How long stopping waits for the last request logs. Bounded, and short: validation events (written next, by
    /// <see cref="Licenses.ValidationRecorder"/>) matter more than logs, and must keep the rest of the shutdown time.
    /// </summary>
    private static readonly TimeSpan FinalFlush = TimeSpan.FromSeconds(5);

    private readonly Channel<CapturedRequest> _queue = Channel.CreateUnbounded<CapturedRequest>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });

    private Task _writer = Task.CompletedTask;
    private int _queued;
    private long _dropped;

    /// <summary>Whether requests are logged at all (<c>Logs:RequestLogs</c>).</summary>
    public bool Enabled { get; } = options.Value.RequestLogs;

    /// <summary>Logs queued and not yet taken by the writer.</summary>
    public int Queued => Math.Max(0, Volatile.Read(ref _queued));

    /// <summary>Logs dropped because the queue was full or the database refused them, since start.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>The request time logs are stamped with, truncated to the microsecond PostgreSQL keeps.</summary>
    public DateTime Now()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return new DateTime(now.Ticks - (now.Ticks % 10), DateTimeKind.Utc);
    }

    /// <summary>Queues a captured request; drops it (and counts) when the queue is full. Never waits.</summary>
    public void Record(CapturedRequest captured)
    {
        if (Interlocked.Increment(ref _queued) > Capacity || !_queue.Writer.TryWrite(captured))
        {
            Interlocked.Decrement(ref _queued);
            captured.Release();
            if (Interlocked.Increment(ref _dropped) == 1)
            {
                LogDropping(logger, Capacity);
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _writer = Task.Run(RunAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Runs after the web server has stopped: no request can queue more, so write the rest, for at most
    /// <see cref="FinalFlush"/>; what the database has not taken by then is given up (and said so).
    /// </summary>
    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        if (await Task.WhenAny(_writer, Task.Delay(FinalFlush, cancellationToken)) != _writer)
        {
            LogStoppedUnwritten(logger, Queued, FinalFlush.TotalSeconds);
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task RunAsync()
    {
        var batch = new List<RequestLog>(MaxBatch);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync())
        {
            // Let a batch gather: a few large COPYs a second cost the database far less than one small commit per request.
            if (Queued < MaxBatch)
            {
                await Task.Delay(Linger);
            }

            while (batch.Count < MaxBatch && reader.TryRead(out var captured))
            {
                try
                {
                    batch.Add(ToLog(captured));
                }
                finally
                {
                    captured.Release();
                }
            }

            Interlocked.Add(ref _queued, -batch.Count);
            await WriteAsync(batch);
            batch.Clear();
        }
    }

    private async Task WriteAsync(List<RequestLog> batch)
    {
        var delay = RetryFloor;
        for (var tries = 1; ; tries++)
        {
            try
            {
                var started = Stopwatch.GetTimestamp();
                await RequestLogCopy.WriteAsync(dataSource, batch, CancellationToken.None);
                LogWritten(logger, batch.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation && tries < MaxTries)
            {
                // An account was deleted while its requests were queued: their logs go with it.
                batch = await RequestLogCopy.OfExistingAccountsAsync(dataSource, batch, CancellationToken.None);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                if (tries >= MaxTries)
                {
                    Interlocked.Add(ref _dropped, batch.Count);
                    LogLost(logger, e, batch.Count);
                    return;
                }

                LogRetrying(logger, e, batch.Count, delay.TotalMilliseconds);
                await Task.Delay(delay);
                delay *= 2;
            }
        }
    }

    /// <summary>The log of a captured request: the URL filtered, the headers kept, the bodies redacted (enterprise.md §4.4).</summary>
    public static RequestLog ToLog(CapturedRequest captured) => new()
    {
        Id = captured.Id,
        AccountId = captured.AccountId,
        Created = captured.Created,
        Updated = captured.Created,
        Method = captured.Method,
        Url = Redaction.Url(captured.Url),
        Status = captured.Status,
        UserAgent = Ascii(captured.UserAgent),
        Ip = captured.Ip?.ToString() ?? string.Empty,
        RequestHeaders = Headers(CapturedRequest.RequestHeaderNames, captured.RequestHeaders),
        RequestBody = captured.RequestBody is null ? null : Redaction.RequestBody(captured.RequestBody.AsSpan(0, captured.RequestBodyLength)),
        ResponseHeaders = Headers(CapturedRequest.ResponseHeaderNames, captured.ResponseHeaders),
        ResponseBody = ResponseBody(captured),
        ResponseSignature = captured.ResponseHeaders[Array.IndexOf(CapturedRequest.ResponseHeaderNames, "Keygen-Signature")],
        RequestorType = captured.RequestorType,
        RequestorId = captured.RequestorId,
        EnvironmentId = captured.EnvironmentId,
        ResourceType = captured.ResourceType,
        ResourceId = captured.ResourceId,
        DurationMs = captured.DurationMs,
    };

    /// <summary>JSON bodies redacted, text bodies kept, binary ones (downloads) not stored.</summary>
    private static string? ResponseBody(CapturedRequest captured)
    {
        if (captured.ResponseBody is null)
        {
            return null;
        }

        var bytes = captured.ResponseBody.AsSpan(0, captured.ResponseBodyLength);
        var type = captured.ResponseContentType;
        if (type is null || type.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return Redaction.Json(bytes);
        }

        return type.StartsWith("text/", StringComparison.OrdinalIgnoreCase) && System.Text.Unicode.Utf8.IsValid(bytes)
            ? Encoding.UTF8.GetString(bytes)
            : null;
    }

    private static string? Headers(string[] names, string?[] values)
    {
        if (Array.TrueForAll(values, v => v is null))
        {
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, Redaction.Writing))
        {
            w.WriteStartObject();
            for (var i = 0; i < names.Length; i++)
            {
                if (values[i] is { } value)
                {
                    w.WriteString(names[i], value);
                }
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The user agent with every non-ASCII character replaced by <c>?</c>.</summary>
    private static string? Ascii(string? text)
    {
        if (text is null || Ascii(text.AsSpan()))
        {
            return text;
        }

        return string.Create(text.Length, text, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsAscii(source[i]) ? source[i] : '?';
            }
        });
    }

    private static bool Ascii(ReadOnlySpan<char> text) => System.Text.Ascii.IsValid(text);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Wrote {Count} request logs in {ElapsedMs} ms")]
    private static partial void LogWritten(ILogger logger, int count, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write {Count} request logs yet; retrying in {DelayMs} ms")]
    private static partial void LogRetrying(ILogger logger, Exception exception, int count, double delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopping without writing about {Count} queued request logs: the database did not take them within {Seconds} s")]
    private static partial void LogStoppedUnwritten(ILogger logger, long count, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Gave up writing {Count} request logs")]
    private static partial void LogLost(ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The request log queue is full ({Capacity}): request logs are dropped until the writer catches up")]
    private static partial void LogDropping(ILogger logger, int capacity);
}
