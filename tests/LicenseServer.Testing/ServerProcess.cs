using System.Collections.Concurrent;
using System.Diagnostics;

namespace LicenseServer.Testing;

/// <summary>
/// The real server, started from its build (<see cref="BuiltServerDll"/>) as a separate process with the production
/// configuration except for the database, the listen address and the settings given. Its output goes to a log file (and
/// the last lines stay in memory, for failure messages); its resident memory is sampled every second. Stop it gracefully
/// with <see cref="TerminateAsync"/> (SIGTERM, as a process manager does); disposing kills it if it still runs.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private const int TailLines = 400;

    private readonly Process _process;
    private readonly Timer _sampler;
    private readonly StreamWriter _log;
    private readonly ConcurrentQueue<string> _tail = new();
    private bool _closed;

    private ServerProcess(Process process, StreamWriter log, string url, string logPath)
    {
        _process = process;
        _log = log;
        Url = url;
        LogPath = logPath;
        _sampler = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromSeconds(1));
    }

    public string Url { get; }

    public string LogPath { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The largest VmRSS seen by the one-second sampler, in KiB.</summary>
    public long MaxSampledRssKb { get; private set; }

    /// <summary>The last lines the server wrote (stdout and stderr), oldest first.</summary>
    public string Tail => string.Join(Environment.NewLine, _tail);

    /// <summary>
    /// LicenseServer.Api.dll of the build beside the calling assembly's (same configuration), found from the repository root.
    /// </summary>
    public static string BuiltServerDll()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = here.Parent?.Parent?.Name is "Debug" or "Release" ? here.Parent!.Parent!.Name : "Release";
        for (var dir = here; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LicenseServer.sln")))
            {
                var dll = Path.Combine(dir.FullName, "src", "LicenseServer.Api", "bin", configuration, here.Name, "LicenseServer.Api.dll");
                return File.Exists(dll) ? dll : throw new InvalidOperationException($"The server is not built: {dll} is missing.");
            }
        }

        throw new InvalidOperationException("LicenseServer.sln not found above " + here.FullName);
    }

    /// <summary>Starts the server and waits until <c>/v1/health/ready</c> answers (at most 60 s).</summary>
    public static async Task<ServerProcess> StartAsync(string dll, string connectionString, int port, string logPath, CancellationToken ct,
        IReadOnlyDictionary<string, string>? settings = null)
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
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var log = new StreamWriter(logPath) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the server.");
        var server = new ServerProcess(process, log, url, logPath);
        process.OutputDataReceived += (_, e) => server.Write(e.Data);
        process.ErrorDataReceived += (_, e) => server.Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilReadyAsync(ct);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>The resident set size of the process now (VmRSS), in KiB.</summary>
    public long RssKb() => ReadStatusKb("VmRSS");

    /// <summary>The peak resident set size of the process (VmHWM), in KiB. Read before the process stops.</summary>
    public long PeakRssKb() => ReadStatusKb("VmHWM");

    /// <summary>Sends SIGTERM (what systemd, Docker and Kubernetes send) without waiting.</summary>
    public void SendTerminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -TERM {_process.Id} failed with {kill.ExitCode}.");
        }
    }

    /// <summary>Waits for the process to exit on its own (after <see cref="SendTerminate"/>); its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The server did not exit within {timeout.TotalSeconds} s of SIGTERM; see {LogPath}.");
        }

        return _process.ExitCode;
    }

    /// <summary>SIGTERM, then waits for the exit; the exit code.</summary>
    public Task<int> TerminateAsync(TimeSpan timeout)
    {
        SendTerminate();
        return WaitForExitAsync(timeout);
    }

    private void Write(string? line)
    {
        if (line is null)
        {
            return;
        }

        _tail.Enqueue(line);
        while (_tail.Count > TailLines && _tail.TryDequeue(out _))
        {
        }

        lock (_log)
        {
            if (!_closed)
            {
                _log.WriteLine(line);
            }
        }
    }

    private async Task WaitUntilReadyAsync(CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with code {_process.ExitCode}; see {LogPath}:{Environment.NewLine}{Tail}");
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

        throw new InvalidOperationException($"The server did not become ready within 60 s; see {LogPath}:{Environment.NewLine}{Tail}");
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
        catch (Exception e) when (e is IOException or InvalidOperationException)
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
