using System.Diagnostics;
using System.Net.Sockets;
using LicenseServer.Core.Distribution.Storage;
using LicenseServer.Testing;

namespace LicenseServer.Tests.Infrastructure;

/// <summary>
/// An S3-compatible store for the tests of the S3 backend: the npm package <c>s3rver</c> (pinned version), installed once
/// into a cache directory outside the source tree (<c>~/.cache/licenseserver-tests</c>, or <c>LICENSESERVER_TEST_CACHE</c>)
/// and run with node on a free loopback port over a throwaway directory, with one bucket. Tests that use it are skipped,
/// with a message saying so, only when node or npm is not installed.
/// </summary>
public sealed class S3Emulator : IAsyncDisposable
{
    public const string Version = "3.7.1";
    public const string Bucket = "artifacts";

    /// <summary>s3rver's fixed credentials.</summary>
    public const string AccessKey = "S3RVER";

    private static readonly SemaphoreSlim Installing = new(1, 1);

    private readonly Process _process;
    private readonly string _directory;

    private S3Emulator(Process process, string directory, string url)
    {
        _process = process;
        _directory = directory;
        Url = url;
    }

    /// <summary>The emulator's endpoint, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string Url { get; }

    /// <summary>The settings of the S3 backend for this emulator.</summary>
    public S3StorageSettings Settings => new() { ServiceUrl = Url, Bucket = Bucket, AccessKey = AccessKey, SecretKey = AccessKey, Region = "us-east-1" };

    /// <summary>Installs (once) and starts the emulator; skips the calling test when node or npm is missing.</summary>
    public static async Task<S3Emulator> StartAsync()
    {
        var node = Which("node");
        var npm = Which("npm");
        if (node is null || npm is null)
        {
            Assert.Skip("The S3 backend tests need node and npm (to run the s3rver emulator); they are not installed.");
        }

        var script = await InstallAsync(npm!);
        var directory = Directory.CreateTempSubdirectory("licenseserver-s3rver-").FullName;
        var port = Ports.Free();
        var start = new ProcessStartInfo(node!) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { script, "-d", directory, "-a", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--silent", "--configure-bucket", Bucket })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start s3rver.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var emulator = new S3Emulator(process, directory, $"http://127.0.0.1:{port}");
        if (!await Poll.UntilAsync(() => Listens(port), TimeSpan.FromSeconds(30)))
        {
            await emulator.DisposeAsync();
            throw new InvalidOperationException("s3rver did not start listening within 30 s.");
        }

        return emulator;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static async Task<string> InstallAsync(string npm)
    {
        var cache = Environment.GetEnvironmentVariable("LICENSESERVER_TEST_CACHE") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "licenseserver-tests");
        var home = Path.Combine(cache, "s3rver-" + Version);
        var script = Path.Combine(home, "node_modules", "s3rver", "bin", "s3rver.js");
        await Installing.WaitAsync();
        try
        {
            if (File.Exists(script))
            {
                return script;
            }

            // Installed beside and renamed into place, so that a broken install is never taken for a finished one.
            var staging = home + ".installing-" + Environment.ProcessId;
            Directory.CreateDirectory(staging);
            var install = new ProcessStartInfo(npm) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = staging };
            foreach (var argument in new[] { "install", "--no-audit", "--no-fund", "--no-save", "--prefix", staging, "s3rver@" + Version })
            {
                install.ArgumentList.Add(argument);
            }

            using var process = Process.Start(install) ?? throw new InvalidOperationException("Could not run npm.");
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"npm install s3rver@{Version} failed ({process.ExitCode}): {await output}{await errors}");
            }

            if (!Directory.Exists(home))
            {
                try
                {
                    Directory.Move(staging, home);
                }
                catch (IOException) when (File.Exists(script))
                {
                    // Another test process installed it first.
                }
            }

            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }

            return script;
        }
        finally
        {
            Installing.Release();
        }
    }

    private static bool Listens(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static string? Which(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
