using System.Diagnostics;

namespace LicenseServer.Benchmarks;

/// <summary>
/// The real server, started from its Release build as a separate process with the production configuration
/// except for the database and the listen address. Its resident memory is sampled every second.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Timer _sampler;
    private readonly StreamWriter _log;
    private bool _closed;

    private ServerProcess(Process process, StreamWriter log, string url)
    {
        _process = process;
        _log = log;
        Url = url;
        _sampler = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromSeconds(1));
    }

    public string Url { get; }

    /// <summary>The largest VmRSS seen by the one-second sampler, in KiB.</summary>
    public long MaxSampledRssKb { get; private set; }

    /// <summary>What is set for the server besides the defaults of appsettings.json, for the report.</summary>
    public static IReadOnlyList<string> Settings { get; } =
    [
        "ConnectionStrings__Default = the benchmark database (Npgsql's default pool of 100)",
        "--urls http://127.0.0.1:<free port>",
        "nothing else: appsettings.json as shipped (Production; the Hangfire worker and recurring jobs run in-process; "
            + "MigrateOnStartup off, the benchmark migrates)",
    ];

    public static async Task<ServerProcess> StartAsync(string dll, string connectionString, int port, string logPath, CancellationToken ct)
    {
        var url = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(url);
        start.Environment["ConnectionStrings__Default"] = connectionString;

        var log = new StreamWriter(logPath) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the server.");
        var server = new ServerProcess(process, log, url);
        process.OutputDataReceived += (_, e) => server.Write(e.Data);
        process.ErrorDataReceived += (_, e) => server.Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.WaitUntilReadyAsync(logPath, ct);
        return server;
    }

    /// <summary>The peak resident set size of the process (VmHWM), in KiB. Read before the process stops.</summary>
    public long PeakRssKb() => ReadStatusKb("VmHWM");

    private void Write(string? line)
    {
        lock (_log)
        {
            if (line is not null && !_closed)
            {
                _log.WriteLine(line);
            }
        }
    }

    private async Task WaitUntilReadyAsync(string logPath, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with code {_process.ExitCode}; see {logPath}.");
            }

            try
            {
                using var response = await http.GetAsync($"{Url}/v1/health/ready", ct);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
            }

            await Task.Delay(200, ct);
        }

        throw new InvalidOperationException($"The server did not become ready within 60 s; see {logPath}.");
    }

    private void Sample()
    {
        var rss = ReadStatusKb("VmRSS");
        if (rss > MaxSampledRssKb)
        {
            MaxSampledRssKb = rss;
        }
    }

    private long ReadStatusKb(string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            {
                if (line.StartsWith(field + ":", StringComparison.Ordinal))
                {
                    return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
            // The process has gone; nothing to sample.
        }

        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        await _sampler.DisposeAsync();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        lock (_log)
        {
            _closed = true;
            _log.Dispose();
        }
    }
}
