using System.Globalization;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace LicenseServer.Benchmarks;

/// <summary>One measured wrk run (all loads of a scenario at once) of the server or a reference.</summary>
public sealed record Run(string Scenario, string Target, int Rep, IReadOnlyList<WrkResult> Loads, IReadOnlyList<int> DelaysMs);

/// <summary>The server's peak resident memory (VmHWM) and the largest VmRSS sampled each second, in KiB.</summary>
public sealed record ServerMemory(long PeakKb, long MaxSampledKb);

/// <summary>One table row: a load of a scenario against one reference, medians over the repetitions.</summary>
public sealed record Row(
    string Scenario,
    string Load,
    string Label,
    int Connections,
    int DelayMs,
    double RequestsPerSecond,
    double P50Ms,
    double P99Ms,
    double MaxMs,
    long Errors,
    long StatusErrors,
    string Reference,
    double ReferenceRequestsPerSecond,
    double ReferenceP99Ms,
    long ReferenceErrors)
{
    public double Ratio => ReferenceRequestsPerSecond == 0 ? 0 : RequestsPerSecond / ReferenceRequestsPerSecond;
}

public sealed record BenchReport(
    DateTime Date,
    string Commit,
    string Machine,
    string Postgres,
    int Licenses,
    int Machines,
    int DurationSeconds,
    int WarmupSeconds,
    int Reps,
    ServerMemory ServerMemory,
    IReadOnlyList<string> ServerSettings,
    IReadOnlyList<Row> Rows,
    IReadOnlyList<string> Targets,
    IReadOnlyList<Run> Runs);

/// <summary>The results table (markdown, JSON, stdout), the chart, the pass/fail checks.</summary>
public static class Report
{
    public const double HalfLoadValidateP99TargetMs = 25;
    public const double HalfLoadActivationMaxTargetMs = 1000;

    public static async Task<BenchReport> BuildAsync(BenchOptions options, SeedManifest seed, IReadOnlyList<Scenario> scenarios,
        IReadOnlyList<Run> runs, ServerMemory memory, DateTime started, CancellationToken ct)
    {
        var rows = new List<Row>();
        foreach (var scenario in scenarios)
        {
            var server = runs.Where(r => r.Scenario == scenario.Name && r.Target == "server").ToList();
            foreach (var reference in scenario.References)
            {
                var others = runs.Where(r => r.Scenario == scenario.Name && r.Target == reference.Name).ToList();
                rows.AddRange(scenario.Server.Select((load, i) => new Row(
                    scenario.Name,
                    load.Name,
                    scenario.Server.Count == 1 ? scenario.Name : $"{scenario.Name}: {load.Name}",
                    load.Connections,
                    server[^1].DelaysMs.ElementAtOrDefault(i),
                    Median(server.Select(r => r.Loads[i].RequestsPerSecond)),
                    Median(server.Select(r => r.Loads[i].P50Us / 1000.0)),
                    Median(server.Select(r => r.Loads[i].P99Us / 1000.0)),
                    server.Max(r => r.Loads[i].MaxUs / 1000.0),
                    server.Sum(r => r.Loads[i].Errors),
                    server.Sum(r => r.Loads[i].Status),
                    reference.Name,
                    Median(others.Select(r => r.Loads[i].RequestsPerSecond)),
                    Median(others.Select(r => r.Loads[i].P99Us / 1000.0)),
                    others.Sum(r => r.Loads[i].Errors))));
            }
        }

        return new BenchReport(started, options.Commit, MachineDescription(), await PostgresDescriptionAsync(options.Db, ct),
            seed.Licenses, seed.Licenses * 2, options.DurationSeconds, options.WarmupSeconds, options.Reps, memory,
            ServerSettings, rows, Targets(rows), runs);
    }

    /// <summary>What is set for the server besides the defaults of appsettings.json, for the report.</summary>
    public static IReadOnlyList<string> ServerSettings { get; } =
    [
        "ConnectionStrings__Default = the benchmark database (Npgsql's default pool of 100)",
        "Secrets__Key = a fixed server key the seeder shares",
        "--urls http://127.0.0.1:<free port>",
        "nothing else: appsettings.json as shipped (Production; the Hangfire worker and recurring jobs run in-process; "
            + "MigrateOnStartup off, the benchmark migrates)",
    ];

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return 0;
        }

        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>What makes the run fail: any error on validate-key, any non-2xx response from the server.</summary>
    public static IReadOnlyList<string> Failures(BenchReport report) =>
        report.Rows
            .Where(r => (r.Load.StartsWith("validate-key", StringComparison.Ordinal) && r.Errors > 0) || r.StatusErrors > 0)
            .Select(r => $"{r.Label}: {r.Errors} errors ({r.StatusErrors} non-2xx responses); see server.log")
            .Distinct()
            .ToList();

    private static List<string> Targets(IReadOnlyList<Row> rows)
    {
        var targets = new List<string>();
        if (rows.FirstOrDefault(r => r.Scenario == "validate-key-half") is { } validate)
        {
            var pass = validate.P99Ms <= HalfLoadValidateP99TargetMs ? "PASS" : "FAIL";
            targets.Add($"validate-key at half load: p99 {Ms(validate.P99Ms)} ms (target ≤ {HalfLoadValidateP99TargetMs} ms): {pass}");
        }

        if (rows.FirstOrDefault(r => r.Scenario == "mixed-half" && r.Load == "activate") is { } activate)
        {
            var pass = activate.MaxMs <= HalfLoadActivationMaxTargetMs ? "PASS" : "FAIL";
            targets.Add($"mixed at half load: slowest activation {Ms(activate.MaxMs)} ms, p99 {Ms(activate.P99Ms)} ms (target: none over 1 s): {pass}");
        }

        if (rows.FirstOrDefault(r => r.Scenario == "mixed" && r.Load == "activate") is { } saturated)
        {
            targets.Add($"mixed at full load: activation p99 {Ms(saturated.P99Ms)} ms, slowest {Ms(saturated.MaxMs)} ms");
        }

        return targets;
    }

    public static string Markdown(BenchReport report)
    {
        var md = new StringBuilder();
        md.AppendLine("# LicenseServer benchmark");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"- Date: {report.Date:yyyy-MM-dd HH:mm} UTC, commit `{report.Commit}`");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {report.Machine}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- PostgreSQL: {report.Postgres}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Data: {report.Licenses:N0} licenses, {report.Machines:N0} machines, 10 policies, 1 account");
        md.Append(CultureInfo.InvariantCulture, $"- wrk: 2 threads, {report.Reps} × {report.DurationSeconds} s after a {report.WarmupSeconds} s warm-up each; ");
        md.AppendLine("medians over the repetitions (max and errors over all); server and reference runs interleaved");
        md.AppendLine(CultureInfo.InvariantCulture,
            $"- Server peak RSS: {report.ServerMemory.PeakKb / 1024.0:F0} MiB (VmHWM); largest VmRSS sampled each second: {report.ServerMemory.MaxSampledKb / 1024.0:F0} MiB");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Server settings: {string.Join("; ", report.ServerSettings)}");
        md.AppendLine();
        md.AppendLine("| Scenario | Conns | Server req/s | p50 ms | p99 ms | max ms | Errors | Reference | Ref req/s | Ref p99 ms | Server / ref |");
        md.AppendLine("|---|--:|--:|--:|--:|--:|--:|---|--:|--:|--:|");
        foreach (var r in report.Rows)
        {
            var conns = r.DelayMs > 0 ? $"{r.Connections} (~{r.DelayMs} ms think)" : r.Connections.ToString(CultureInfo.InvariantCulture);
            md.Append(CultureInfo.InvariantCulture, $"| {r.Label} | {conns} | {r.RequestsPerSecond:N0} | {Ms(r.P50Ms)} | {Ms(r.P99Ms)} | {Ms(r.MaxMs)} | ");
            // At half load both sides get the same offered rate, so their throughputs are not compared.
            var ratio = r.DelayMs > 0 ? "same load" : r.Ratio.ToString("P1", CultureInfo.InvariantCulture);
            md.AppendLine(CultureInfo.InvariantCulture, $"{r.Errors} | {r.Reference} | {r.ReferenceRequestsPerSecond:N0} | {Ms(r.ReferenceP99Ms)} | {ratio} |");
        }

        md.AppendLine();
        foreach (var target in report.Targets)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- {target}");
        }

        md.AppendLine();
        md.AppendLine("References (a minimal ASP.NET Core host on the same database): R1 = one prepared SELECT by key digest and a ~1.5 KB "
            + "license document; R2 = R1 plus an Ed25519 signature header, the limit for a signed read (the yardstick of every read "
            + "scenario); R3 = an activation in one transaction (license row FOR UPDATE, count, insert, commit), the yardstick of "
            + "activate and ping. Errors are socket errors, timeouts (10 s) and responses with status ≥ 400.");
        return md.ToString();
    }

    public static async Task WriteAsync(BenchReport report, string dir, CancellationToken ct)
    {
        await File.WriteAllTextAsync(Path.Combine(dir, "results.md"), Markdown(report), ct);
        await File.WriteAllTextAsync(Path.Combine(dir, "results.json"),
            JsonSerializer.Serialize(report, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }), ct);
        await File.WriteAllTextAsync(Path.Combine(dir, "chart.svg"), Chart.Svg(report), ct);
    }

    private static string Ms(double ms) => ms.ToString(ms < 10 ? "F2" : ms < 100 ? "F1" : "F0", CultureInfo.InvariantCulture);

    private static string MachineDescription()
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        var memKb = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var memGiB = long.Parse(memKb, CultureInfo.InvariantCulture) / 1024.0 / 1024.0;
        return string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} CPUs ({cpu}), {memGiB:F1} GiB RAM, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
    }

    private static async Task<string> PostgresDescriptionAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            "SELECT current_setting('server_version'), current_setting('fsync'), current_setting('synchronous_commit'), "
            + "current_setting('shared_buffers'), current_setting('max_connections')", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return $"{reader.GetString(0)} on the same machine, fsync={reader.GetString(1)}, synchronous_commit={reader.GetString(2)}, "
            + $"shared_buffers={reader.GetString(3)}, max_connections={reader.GetString(4)}";
    }
}
