using LicenseServer.Benchmarks;
using LicenseServer.Testing;

// Seeds (or reuses) the database, starts the real server and the reference host, checks the data, runs the
// scenarios with wrk (server and reference interleaved, repetition by repetition) and writes the report.
// scripts/bench prepares PostgreSQL and the Release build, then runs this.
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

try
{
    return await RunAsync(options, cancel.Token);
}
catch (InvalidOperationException e)
{
    Console.Error.WriteLine($"Benchmark failed: {e.Message}");
    return 1;
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    Console.Error.WriteLine("Benchmark interrupted.");
    return 130;
}

static async Task<int> RunAsync(BenchOptions options, CancellationToken ct)
{
    Directory.CreateDirectory(options.OutDir);
    if (options.Only?.Except(Scenarios.Names).FirstOrDefault() is { } unknown)
    {
        throw new InvalidOperationException($"--only names an unknown scenario '{unknown}'; the scenarios are {string.Join(", ", Scenarios.Names)}.");
    }

    var seed = await Seeder.SeedOrReuseAsync(options.Db, options.Licenses, options.DataDir, ct);
    var all = Scenarios.All(seed);
    var scenarios = all.Where(s => options.Only is null || options.Only.Contains(s.Name)).ToList();

    var started = DateTime.UtcNow;
    var serverLog = Path.Combine(options.OutDir, "server.log");
    await using var server = await ServerProcess.StartAsync(options.ServerDll, options.Db, Ports.Free(), serverLog, ct,
        new Dictionary<string, string> { ["Secrets__Key"] = Database.ServerKey });
    await using var reference = await ReferenceHost.StartAsync(options.Db, seed.AccountId, Ports.Free(), ct);
    await PreCheck.RunAsync(server.Url, reference.Url, seed, options.Smoke ? 20 : 200, ct);

    if (options.Smoke)
    {
        // The one warm-up of a smoke run: a second of validate-key on each host.
        await WrkRunner.RunAsync(server.Url, scenarios[0].Server, 1, ct);
        await WrkRunner.RunAsync(reference.Url, scenarios[0].References[0].Loads, 1, ct);
    }

    var runs = new List<Run>();
    for (var rep = 1; rep <= options.Reps; rep++)
    {
        foreach (var scenario in scenarios)
        {
            var delays = await HalfLoadDelaysAsync(scenario, all, runs, server.Url, options, ct);
            runs.Add(await MeasureAsync(scenario, "server", server.Url, WithDelays(scenario.Server, delays), rep, options, ct));
            foreach (var target in scenario.References)
            {
                runs.Add(await MeasureAsync(scenario, target.Name, reference.Url, WithDelays(target.Loads, delays), rep, options, ct));
            }
        }
    }

    var memory = new ServerMemory(server.PeakRssKb(), server.MaxSampledRssKb);
    var report = await Report.BuildAsync(options, seed, scenarios, runs, memory, started, ct);
    await Report.WriteAsync(report, options.OutDir, ct);
    Console.WriteLine();
    Console.WriteLine(Report.Markdown(report));

    var failed = Report.Failures(report);
    foreach (var failure in failed)
    {
        Console.Error.WriteLine($"FAILED: {failure}");
    }

    return failed.Count == 0 ? 0 : 1;
}

static async Task<Run> MeasureAsync(Scenario scenario, string target, string url, IReadOnlyList<Load> loads, int rep, BenchOptions options, CancellationToken ct)
{
    if (options.WarmupSeconds > 0)
    {
        await WrkRunner.RunAsync(url, loads, options.WarmupSeconds, ct);
    }

    var results = await WrkRunner.RunAsync(url, loads, options.DurationSeconds, ct);
    foreach (var r in results)
    {
        Console.WriteLine($"rep {rep} {scenario.Name,-25} {target,-6} {r.Load,-25} {r.RequestsPerSecond,9:F0} req/s  p50 {r.P50Us / 1000.0,7:F1} ms  "
            + $"p99 {r.P99Us / 1000.0,7:F1} ms  max {r.MaxUs / 1000.0,7:F1} ms  errors {r.Errors}");
    }

    return new Run(scenario.Name, target, rep, results, loads.Select(l => l.DelayMs).ToArray());
}

// A half-load scenario offers half of what its base measured on the server (the median so far); without a
// measured base (--only), the base is measured once first, unreported.
static async Task<int[]?> HalfLoadDelaysAsync(Scenario scenario, IReadOnlyList<Scenario> all, List<Run> runs, string serverUrl,
    BenchOptions options, CancellationToken ct)
{
    if (scenario.HalfOf is not { } baseName)
    {
        return null;
    }

    var measured = runs.Where(r => r.Scenario == baseName && r.Target == "server").ToList();
    if (measured.Count == 0)
    {
        var baseScenario = all.Single(s => s.Name == baseName);
        var calibration = await WrkRunner.RunAsync(serverUrl, baseScenario.Server, Math.Max(3, options.WarmupSeconds), ct);
        measured = [new Run(baseName, "server", 0, calibration, [])];
    }

    var rates = scenario.Server.Select((_, i) => Report.Median(measured.Select(r => r.Loads[i].RequestsPerSecond))).ToList();
    return Scenarios.HalfLoadDelays(scenario, rates);
}

static IReadOnlyList<Load> WithDelays(IReadOnlyList<Load> loads, int[]? delays) =>
    delays is null ? loads : loads.Select((l, i) => l with { DelayMs = delays[i] }).ToList();
