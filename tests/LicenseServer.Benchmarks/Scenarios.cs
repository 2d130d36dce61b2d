namespace LicenseServer.Benchmarks;

/// <summary>
/// A measured scenario: the loads sent to the server at the same time, and the reference runs to compare with.
/// A half-load scenario (<see cref="HalfOf"/>) reuses the loads of its base with fewer connections and a think time
/// that offers about half of the throughput the base measured, so it shows latency below saturation.
/// </summary>
public sealed record Scenario(string Name, string Description, IReadOnlyList<Load> Server, IReadOnlyList<Reference> References, string? HalfOf = null);

/// <summary>A reference-host run: R1, R2 or R3, with its loads in the same order as the server's.</summary>
public sealed record Reference(string Name, IReadOnlyList<Load> Loads);

public static class Scenarios
{
    public const int Connections = 64;

    /// <summary>The scenario names, in the order they run (what <c>--only</c> accepts).</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["validate-key", "validate-key-fingerprint", "validate-token", "get-license", "activate", "ping", "mixed", "validate-key-half", "mixed-half"];

    public static IReadOnlyList<Scenario> All(SeedManifest seed)
    {
        var files = seed.Files;
        var account = $"/v1/accounts/{seed.AccountId}";
        const string keyBody = """{"meta":{"key":"$1"}}""";
        const string activationBody = """{"data":{"type":"machines","attributes":{"fingerprint":"$fp"},"relationships":{"license":{"data":{"type":"licenses","id":"$1"}}}}}""";

        Load ValidateKey(string path, string file, int connections) => new("validate-key", "POST", path, keyBody, null, file, connections);
        Load Activate(string path, string file, int connections) => new("activate", "POST", path, activationBody, seed.AdminToken, file, connections);
        Reference R1(string file, int connections = Connections) => new("R1", [ValidateKey("/r1/validate-key", file, connections)]);
        Reference R2(string file, int connections = Connections) => new("R2", [ValidateKey("/r2/validate-key", file, connections)]);
        Reference R3(string file, int connections = Connections) => new("R3", [Activate("/r3/machines", file, connections)]);

        var validateKey = $"{account}/licenses/actions/validate-key";
        var machines = $"{account}/machines";
        return
        [
            new("validate-key", "POST validate-key, a random seeded key per request, no scope",
                [ValidateKey(validateKey, files.Keys, Connections)], [R2(files.Keys), R1(files.Keys)]),
            new("validate-key-fingerprint", "validate-key with scope.fingerprint = one of the license's own machines",
                [new("validate-key-fingerprint", "POST", validateKey, """{"meta":{"key":"$1","scope":{"fingerprint":"$2"}}}""", null, files.KeyFingerprints, Connections)],
                [R2(files.KeyFingerprints)]),
            new("validate-token", "POST licenses/{id}/actions/validate with that license's own token",
                [new("validate-token", "POST", $"{account}/licenses/$1/actions/validate", """{"meta":{}}""", "$2", files.LicenseTokens, Connections)],
                [R2(files.Keys)]),
            new("get-license", "GET licenses/{id} with the admin token",
                [new("get-license", "GET", $"{account}/licenses/$1", null, seed.AdminToken, files.LicenseIds, Connections)],
                [R2(files.Keys)]),
            new("activate", "POST machines with a fresh fingerprint on a random license of the activation policy (admin token)",
                [Activate(machines, files.ActivationLicenses, Connections)], [R3(files.ActivationLicenses)]),
            new("ping", "POST machines/{id}/actions/ping on random machines of the heartbeat policy (admin token)",
                [new("ping", "POST", $"{machines}/$1/actions/ping", null, seed.AdminToken, files.PingMachines, Connections)],
                [R3(files.ActivationLicenses)]),
            new("mixed", "48 connections validate-key and 16 activate, at once, on the same 100 licenses",
                [ValidateKey(validateKey, files.MixedKeys, 48), Activate(machines, files.MixedLicenses, 16)],
                [new("R2+R3", [ValidateKey("/r2/validate-key", files.MixedKeys, 48), Activate("/r3/machines", files.MixedLicenses, 16)])]),
            new("validate-key-half", "validate-key from 32 connections with think time: about half the measured throughput",
                [ValidateKey(validateKey, files.Keys, 32)], [R2(files.Keys, 32)], HalfOf: "validate-key"),
            new("mixed-half", "mixed from 24 + 8 connections with think time: about half the measured throughput",
                [ValidateKey(validateKey, files.MixedKeys, 24), Activate(machines, files.MixedLicenses, 8)],
                [new("R2+R3", [ValidateKey("/r2/validate-key", files.MixedKeys, 24), Activate("/r3/machines", files.MixedLicenses, 8)])],
                HalfOf: "mixed"),
        ];
    }

    /// <summary>
    /// Think times (ms) that make each half load offer about half the base's throughput:
    /// connections / (rate / 2), from the base's median requests per second.
    /// </summary>
    public static int[] HalfLoadDelays(Scenario half, IReadOnlyList<double> baseRequestsPerSecond) =>
        half.Server.Select((load, i) =>
            (int)Math.Max(1, Math.Round(1000.0 * load.Connections / Math.Max(1, baseRequestsPerSecond[i] / 2)))).ToArray();
}
