using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace LicenseServer.Testing;

/// <summary>
/// A private, throwaway PostgreSQL cluster from Debian's server binaries (as scripts/lib/postgres.sh makes one): its own
/// directory and port, so a test may stop and start it without disturbing anything else. When running as root the
/// tools run as <c>postgres</c> (initdb refuses root). Disposing stops it and removes its files.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(90);

    private readonly string _bin;
    private readonly string _root;
    private readonly string _data;

    private PostgresCluster(string bin, string root, int port)
    {
        _bin = bin;
        _root = root;
        _data = Path.Combine(root, "data");
        Port = port;
    }

    public int Port { get; }

    /// <summary>The server's log, for failure messages.</summary>
    public string LogPath => Path.Combine(_root, "postgres.log");

    /// <summary>Creates the cluster (initdb) and starts it on a free loopback port.</summary>
    public static async Task<PostgresCluster> StartNewAsync()
    {
        var bin = FindBin();
        var root = Path.Combine(Path.GetTempPath(), "licenseserver-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        var cluster = new PostgresCluster(bin, root, Ports.Free());
        try
        {
            Directory.CreateDirectory(cluster._data);
            if (IsRoot)
            {
                await RunAsync("chown", ["-R", "postgres:postgres", root]);
            }

            await RunAsync("chmod", ["700", cluster._data]);
            await cluster.RunToolAsync("initdb", "-D", cluster._data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8");
            await cluster.StartAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A streaming standby of this cluster, as an operator makes one: <c>pg_basebackup -R</c> (a copy of the data directory
    /// with <c>primary_conninfo</c> and <c>standby.signal</c> written), started on a port of its own. It answers reads
    /// (hot standby), follows every write of this cluster, and refuses writes of its own.
    /// </summary>
    public async Task<PostgresCluster> StartStandbyAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), "licenseserver-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        var standby = new PostgresCluster(_bin, root, Ports.Free());
        try
        {
            if (IsRoot)
            {
                await RunAsync("chown", ["-R", "postgres:postgres", root]);
            }

            await RunToolAsync("pg_basebackup", "-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres",
                "-D", standby._data, "-R", "-X", "stream", "-c", "fast");
            await standby.StartAsync();
            return standby;
        }
        catch
        {
            await standby.DisposeAsync();
            throw;
        }
    }

    /// <summary>On a standby: stops (or resumes) applying the primary's changes, so that it answers as of a moment past.</summary>
    public Task PauseReplayAsync() => ScalarAsync<object>("postgres", "SELECT pg_wal_replay_pause()");

    /// <inheritdoc cref="PauseReplayAsync"/>
    public Task ResumeReplayAsync() => ScalarAsync<object>("postgres", "SELECT pg_wal_replay_resume()");

    /// <summary>
    /// On a standby: waits until it has applied everything <paramref name="primary"/> has committed so far. The target is
    /// the primary's insert position, not its write position: with <c>synchronous_commit = off</c> a commit can sit in the
    /// WAL buffers, behind the write position, for a while after the client was answered.
    /// </summary>
    public async Task WaitForReplayAsync(PostgresCluster primary)
    {
        var target = await primary.ScalarAsync<string>("postgres", "SELECT pg_current_wal_insert_lsn()::text");
        await using var standby = new NpgsqlConnection(ConnectionString("postgres"));
        await standby.OpenAsync();
        var until = DateTime.UtcNow + ToolTimeout;
        while (true)
        {
            await using var command = new NpgsqlCommand("SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn", standby);
            command.Parameters.Add(new NpgsqlParameter { Value = target });
            if ((bool)(await command.ExecuteScalarAsync())!)
            {
                return;
            }

            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"The standby on port {Port} did not replay up to {target}.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>One scalar from a database of this cluster (parameters are <c>$1</c>, <c>$2</c>, …).</summary>
    public async Task<T> ScalarAsync<T>(string database, string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Starts the (stopped) server and waits until it accepts connections.</summary>
    public Task StartAsync() =>
        RunToolAsync("pg_ctl", "-D", _data, "-l", LogPath, "-w", "-t", "60", "start", "-o",
            $"-p {Port} -c listen_addresses=127.0.0.1 -k {_data} -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off");

    /// <summary>
    /// Stops the server the way an operator or a failover does: <c>fast</c> ends every session (57P01) and rolls back open
    /// transactions; <c>immediate</c> stops without a clean shutdown (as a crash would).
    /// </summary>
    public Task StopAsync(string mode = "fast") => RunToolAsync("pg_ctl", "-D", _data, "-m", mode, "-w", "-t", "60", "stop");

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database }.ConnectionString;

    /// <summary>Creates a database; its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return ConnectionString(name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            if (File.Exists(Path.Combine(_data, "postmaster.pid")))
            {
                await StopAsync("immediate");
            }
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static string FindBin()
    {
        var versions = Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql") : [];
        var bin = versions
            .Select(v => (Dir: v, Version: int.TryParse(Path.GetFileName(v), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0))
            .OrderByDescending(v => v.Version)
            .Select(v => Path.Combine(v.Dir, "bin"))
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "pg_ctl")));
        return bin ?? throw new InvalidOperationException("PostgreSQL server binaries not found under /usr/lib/postgresql (./scripts/test installs them).");
    }

    private Task RunToolAsync(string tool, params string[] args)
    {
        var path = Path.Combine(_bin, tool);
        return IsRoot ? RunAsync("runuser", ["-u", "postgres", "--", path, .. args]) : RunAsync(path, args);
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> args)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(ToolTimeout);
        await process.WaitForExitAsync(limit.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed with {process.ExitCode}: {await error}{await output}");
        }
    }
}
