using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace LicenseServer.Benchmarks;

/// <summary>One wrk load: the request shape (see Lua/load.lua), how many connections, and an optional think time.</summary>
public sealed record Load(string Name, string Method, string Path, string? Body, string? Auth, string File, int Connections, int DelayMs = 0)
{
    public Load WithLoad(int connections, int delayMs) => this with { Connections = connections, DelayMs = delayMs };
}

/// <summary>What wrk's <c>done()</c> hook printed (latencies in microseconds), plus the load it measured.</summary>
public sealed record WrkResult
{
    public string Load { get; init; } = "";

    public long Requests { get; init; }

    public long DurationUs { get; init; }

    public long Connect { get; init; }

    public long Read { get; init; }

    public long Write { get; init; }

    public long Timeout { get; init; }

    /// <summary>Responses with a status of 400 or more.</summary>
    public long Status { get; init; }

    public long P50Us { get; init; }

    public long P90Us { get; init; }

    public long P99Us { get; init; }

    public long MaxUs { get; init; }

    public double MeanUs { get; init; }

    public double RequestsPerSecond => DurationUs == 0 ? 0 : Requests * 1_000_000.0 / DurationUs;

    public long Errors => Connect + Read + Write + Timeout + Status;
}

/// <summary>Runs wrk (2 threads) against a base URL and reads the JSON line of Lua/load.lua's <c>done()</c>.</summary>
public static class WrkRunner
{
    private const int Threads = 2;
    private static int _nonce;

    public static string LuaScript => Path.Combine(AppContext.BaseDirectory, "Lua", "load.lua");

    /// <summary>Runs the loads at the same time (one wrk process each) for <paramref name="seconds"/>; results in the loads' order.</summary>
    public static async Task<WrkResult[]> RunAsync(string baseUrl, IReadOnlyList<Load> loads, int seconds, CancellationToken ct) =>
        await Task.WhenAll(loads.Select(load => RunOneAsync(baseUrl, load, seconds, ct)));

    private static async Task<WrkResult> RunOneAsync(string baseUrl, Load load, int seconds, CancellationToken ct)
    {
        var start = new ProcessStartInfo("wrk")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "-t", Threads.ToString(CultureInfo.InvariantCulture), "-c", load.Connections.ToString(CultureInfo.InvariantCulture),
            "-d", $"{seconds}s", "--timeout", "10s", "-s", LuaScript, baseUrl,
        })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["BENCH_FILE"] = load.File;
        start.Environment["BENCH_METHOD"] = load.Method;
        start.Environment["BENCH_PATH"] = load.Path;
        start.Environment["BENCH_BODY"] = load.Body ?? "";
        start.Environment["BENCH_AUTH"] = load.Auth ?? "";
        start.Environment["BENCH_DELAY_MS"] = load.DelayMs.ToString(CultureInfo.InvariantCulture);
        start.Environment["BENCH_NONCE"] = $"{Environment.ProcessId}x{Interlocked.Increment(ref _nonce)}x{Random.Shared.Next(1_000_000)}";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start wrk.");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        var output = await stdout;
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("BENCH_RESULT ", StringComparison.Ordinal));
        if (process.ExitCode != 0 || line is null)
        {
            throw new InvalidOperationException($"wrk failed for {load.Name} (exit {process.ExitCode}):\n{output}\n{await stderr}");
        }

        var result = JsonSerializer.Deserialize<WrkResult>(line["BENCH_RESULT ".Length..], JsonOptions)
            ?? throw new InvalidOperationException($"wrk printed no result for {load.Name}.");
        return result with { Load = load.Name };
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}
