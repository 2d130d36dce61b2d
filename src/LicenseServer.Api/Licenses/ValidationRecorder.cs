using System.Diagnostics;
using System.Threading.Channels;
using LicenseServer.Core.Licenses;
using LicenseServer.Core.Observability;

namespace LicenseServer.Api.Licenses;

/// <summary>
/// The one background writer of validation side effects (<see cref="ValidationLog"/>). Requests hand it an entry and answer
/// at once; it writes whatever has queued up as one batch, so under load it stays a batch behind (well under a second),
/// and it coalesces lastValidated per license. The queue is bounded: when the database falls behind, validations wait
/// for room rather than drop their events. A batch that cannot be written (the database is down) stays in hand and is tried
/// again with backoff until it is written, however long the outage, while later entries queue behind it. Once the queue is
/// full during an outage (the primary is down while standbys answer the validations), validations no longer wait: their
/// side effects are dropped and counted, since apps that keep validating matter more than their lastValidated times.
/// It stops after the web server has finished its last request, writing everything still queued.
/// </summary>
public sealed partial class ValidationRecorder(IServiceScopeFactory scopes, DatabaseUnavailable outages, ILogger<ValidationRecorder> logger)
    : IHostedLifecycleService
{
    public const int Capacity = 20_000;
    private const int MaxBatch = 2_000;

    /// <summary>A license row found busy is tried again with later batches, at most this many times.</summary>
    private const int MaxTouchTries = 20;

    private static readonly TimeSpan RetryFloor = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan RetryCeiling = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan GiveUpWhenStopping = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan RoomPoll = TimeSpan.FromMilliseconds(5);

    // Unbounded for the channel (its writers take no lock), bounded by the count of entries not yet taken by the writer.
    private readonly Channel<ValidationLog.Entry> _queue = Channel.CreateUnbounded<ValidationLog.Entry>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });

    private readonly Dictionary<Guid, (DateTime At, int Tries)> _busy = [];
    private Task _writer = Task.CompletedTask;
    private int _queued;
    private long _writingSince;
    private int _dropped;
    private volatile bool _stopping;
    private volatile bool _outage;

    /// <summary>Validations queued and not yet taken by the writer (a gauge of the metrics).</summary>
    public int Queued => Math.Max(0, Volatile.Read(ref _queued));

    /// <summary>
    /// How long the writer has been on the batch in hand, zero when it is idle (a gauge of the metrics): a batch behind is
    /// normal (milliseconds); seconds mean the database is slow or down, and every queued validation waits at least as long.
    /// </summary>
    public TimeSpan Lag => Volatile.Read(ref _writingSince) is var since and not 0 ? Stopwatch.GetElapsedTime(since) : TimeSpan.Zero;

    /// <summary>Queues a validation's side effects; waits only while the queue is full (and drops them when it is full during an outage).</summary>
    public ValueTask RecordAsync(ValidationLog.Entry entry)
    {
        if (Interlocked.Increment(ref _queued) > Capacity)
        {
            return WaitForRoomAsync(entry);
        }

        if (!_queue.Writer.TryWrite(entry))
        {
            Interlocked.Decrement(ref _queued);
            LogClosed(logger, entry.LicenseId);
        }

        return ValueTask.CompletedTask;
    }

    private async ValueTask WaitForRoomAsync(ValidationLog.Entry entry)
    {
        while (Volatile.Read(ref _queued) > Capacity && !_stopping)
        {
            if (_outage)
            {
                Drop();
                return;
            }

            await Task.Delay(RoomPoll);
        }

        if (!_queue.Writer.TryWrite(entry))
        {
            Interlocked.Decrement(ref _queued);
            LogClosed(logger, entry.LicenseId);
        }
    }

    /// <summary>Gives up an entry that found the queue full during an outage (its slot was already counted).</summary>
    private void Drop()
    {
        Interlocked.Decrement(ref _queued);
        ServerMetrics.ValidationDropped();
        if (Interlocked.Increment(ref _dropped) == 1)
        {
            LogDropping(logger, Capacity);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _writer = Task.Run(RunAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Runs after the web server has stopped: no request can queue more, so write the rest and end.</summary>
    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        _queue.Writer.TryComplete();
        if (!_writer.IsCompleted)
        {
            LogFlushing(logger, Volatile.Read(ref _queued));
        }

        await _writer.WaitAsync(cancellationToken);
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task RunAsync()
    {
        var batch = new List<ValidationLog.Entry>(MaxBatch);
        var reader = _queue.Reader;
        while (await WaitAsync(reader))
        {
            while (batch.Count < MaxBatch && reader.TryRead(out var entry))
            {
                batch.Add(entry);
            }

            Interlocked.Add(ref _queued, -batch.Count);

            Volatile.Write(ref _writingSince, Stopwatch.GetTimestamp());
            await WriteAsync(batch);
            Volatile.Write(ref _writingSince, 0);
            batch.Clear();
        }

        if (_busy.Count > 0)
        {
            await WriteAsync(batch);
        }
    }

    /// <summary>True when there is work: queued entries, or (after a second) busy rows to try again. False once closed and drained.</summary>
    private async Task<bool> WaitAsync(ChannelReader<ValidationLog.Entry> reader)
    {
        if (_busy.Count == 0)
        {
            return await reader.WaitToReadAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            return await reader.WaitToReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    private async Task WriteAsync(List<ValidationLog.Entry> batch)
    {
        var touches = new Dictionary<Guid, DateTime>(batch.Count + _busy.Count);
        foreach (var (id, busy) in _busy)
        {
            touches[id] = busy.At;
        }

        foreach (var entry in batch)
        {
            touches[entry.LicenseId] = touches.TryGetValue(entry.LicenseId, out var at) && at > entry.At ? at : entry.At;
        }

        var events = batch.Where(e => e.EventName is not null).ToList();
        var delay = RetryFloor;
        var failingSince = DateTime.UtcNow;
        while (true)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<LicenseServerDb>();
                var started = Stopwatch.GetTimestamp();
                var skipped = await ValidationLog.WriteAsync(db, touches, events, CancellationToken.None);
                LogWritten(logger, events.Count, touches.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds, Volatile.Read(ref _queued));
                KeepBusy(touches, skipped);
                outages.Available();
                _outage = false;
                if (Interlocked.Exchange(ref _dropped, 0) is var dropped and > 0)
                {
                    LogDropped(logger, dropped);
                }

                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                if (_stopping && DateTime.UtcNow - failingSince > GiveUpWhenStopping)
                {
                    LogLost(logger, e, events.Count, touches.Count);
                    _busy.Clear();
                    return;
                }

                if (DatabaseOutage.Reason(e) is { } reason)
                {
                    _outage = true;
                    // One line for the outage (rate-limited), not a stack trace per retry.
                    outages.Report(reason, request: false);
                    if (delay == RetryFloor)
                    {
                        LogWaiting(logger, events.Count, touches.Count, reason);
                    }
                }
                else
                {
                    LogRetrying(logger, e, events.Count, delay.TotalMilliseconds);
                }

                await Task.Delay(delay);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, RetryCeiling.Ticks));
            }
        }
    }

    private void KeepBusy(Dictionary<Guid, DateTime> touches, IReadOnlyList<Guid> skipped)
    {
        var previous = new Dictionary<Guid, (DateTime At, int Tries)>(_busy);
        _busy.Clear();
        foreach (var id in skipped)
        {
            var tries = previous.TryGetValue(id, out var busy) ? busy.Tries + 1 : 1;
            if (tries < MaxTouchTries)
            {
                _busy[id] = (touches[id], tries);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Wrote {Events} validation events and {Touches} lastValidated times in {ElapsedMs} ms; {Queued} queued")]
    private static partial void LogWritten(ILogger logger, int events, int touches, double elapsedMs, int queued);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write {Events} validation events yet; retrying in {DelayMs} ms")]
    private static partial void LogRetrying(ILogger logger, Exception exception, int events, double delayMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Requests have stopped; writing the validation events still queued ({Queued} waiting) before exit")]
    private static partial void LogFlushing(ILogger logger, int queued);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable ({Reason}): {Events} validation events and {Touches} lastValidated times stay queued until it is back")]
    private static partial void LogWaiting(ILogger logger, int events, int touches, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Gave up writing {Events} validation events and {Touches} lastValidated times while stopping")]
    private static partial void LogLost(ILogger logger, Exception exception, int events, int touches);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The validation queue is full ({Capacity}) and the database is unavailable: validations go on answering, and their events and lastValidated times are dropped until it is back")]
    private static partial void LogDropping(ILogger logger, int capacity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database is back: the events and lastValidated times of {Dropped} validations were dropped during the outage")]
    private static partial void LogDropped(ILogger logger, int dropped);

    [LoggerMessage(Level = LogLevel.Error, Message = "A validation of license {LicenseId} finished after the validation writer stopped; its event is not recorded")]
    private static partial void LogClosed(ILogger logger, Guid licenseId);
}
