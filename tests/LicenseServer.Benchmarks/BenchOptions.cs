using System.Globalization;

namespace LicenseServer.Benchmarks;

/// <summary>The command line (scripts/bench passes the first group; the rest are the user's options).</summary>
public sealed record BenchOptions
{
    /// <summary>--db: the Npgsql connection string of the (empty or already seeded) benchmark database.</summary>
    public required string Db { get; init; }

    /// <summary>--server: LicenseServer.Api.dll of the Release build.</summary>
    public required string ServerDll { get; init; }

    /// <summary>--data: where the seed manifest and the wrk lists go.</summary>
    public required string DataDir { get; init; }

    public string OutDir { get; init; } = "bench-results";

    public string Commit { get; init; } = "unknown";

    public int Licenses { get; init; } = 100_000;

    public int DurationSeconds { get; init; } = 15;

    public int WarmupSeconds { get; init; } = 10;

    public int Reps { get; init; } = 3;

    public bool Smoke { get; init; }

    public IReadOnlySet<string>? Only { get; init; }

    public const string Usage = """
        Options: --scale (1,000,000 licenses) | --licenses N | --duration SECONDS (15) | --warmup SECONDS (10) | --reps N (3)
                 --smoke (1,000 licenses, 1 rep of 2 s) | --only NAME[,NAME] | --out DIR (bench-results)
        """;

    public static BenchOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        var flags = new HashSet<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "--scale" or "--smoke")
            {
                flags.Add(arg);
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
            {
                values[arg] = args[++i];
            }
            else
            {
                throw new ArgumentException($"Unknown or incomplete option '{arg}'.\n{Usage}");
            }
        }

        string Required(string name) => values.TryGetValue(name, out var v) ? v : throw new ArgumentException($"{name} is required.");
        int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

        var smoke = flags.Contains("--smoke");
        var options = new BenchOptions
        {
            Db = Required("--db"),
            ServerDll = Required("--server"),
            DataDir = Required("--data"),
            OutDir = values.GetValueOrDefault("--out", "bench-results"),
            Commit = values.GetValueOrDefault("--commit", "unknown"),
            Smoke = smoke,
            Licenses = Int("--licenses", smoke ? 1_000 : flags.Contains("--scale") ? 1_000_000 : 100_000),
            DurationSeconds = Int("--duration", smoke ? 2 : 15),
            WarmupSeconds = Int("--warmup", smoke ? 0 : 10),
            Reps = Int("--reps", smoke ? 1 : 3),
            Only = values.TryGetValue("--only", out var only) ? only.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet() : null,
        };
        var unknown = values.Keys.Except(["--db", "--server", "--data", "--out", "--commit", "--licenses", "--duration", "--warmup", "--reps", "--only"]).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"Unknown option {unknown[0]}.\n{Usage}");
        }

        return options;
    }
}
