using System.Diagnostics;
using System.Text.Json;
using LicenseServer.Core.Accounts;
using LicenseServer.Core.Auth;
using LicenseServer.Core.Common;
using LicenseServer.Core.Data;
using LicenseServer.Core.Licenses;
using LicenseServer.Core.Machines;
using LicenseServer.Core.Policies;
using LicenseServer.Core.Products;
using LicenseServer.Core.Tokens;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LicenseServer.Benchmarks;

/// <summary>
/// Fills the database through the server's own model: the account, product, policies and tokens go through
/// <see cref="AccountCreator"/>, <see cref="TokenIssuer"/> and SaveChanges; licenses, machines and license tokens are
/// made with the same Core functions (<see cref="LicenseKeys"/>, <see cref="TokenIssuer"/>) and written with a binary
/// COPY (<see cref="BulkCopy"/>). The raw secrets and the key lists wrk reads are written to the data directory.
/// </summary>
public static class Seeder
{
    public const string AccountSlug = "bench";
    private const int MachinesPerLicense = 2;
    private const int LicenseTokens = 2000;
    private const int MixedLicenses = 100;

    /// <summary>Lists longer than this are sampled: every wrk thread loads its list into memory.</summary>
    private const int MaxListLength = 100_000;

    public static async Task<SeedManifest> SeedOrReuseAsync(string connectionString, int licenses, string dataDir, CancellationToken ct)
    {
        Directory.CreateDirectory(dataDir);
        var manifestPath = Path.Combine(dataDir, "seed.json");
        await using var db = Database.Open(connectionString);
        await db.Database.MigrateAsync(ct);

        if (File.Exists(manifestPath))
        {
            var previous = JsonSerializer.Deserialize<SeedManifest>(await File.ReadAllTextAsync(manifestPath, ct));
            if (previous is not null && previous.Licenses == licenses
                && await db.Accounts.AnyAsync(a => a.Id == previous.AccountId, ct))
            {
                Console.WriteLine($"Reusing the seeded data ({licenses:N0} licenses) in {dataDir}.");
                return previous;
            }
        }

        if (await db.Accounts.AnyAsync(a => a.Slug == AccountSlug, ct))
        {
            throw new InvalidOperationException($"The database already has an account '{AccountSlug}' of another seed; use an empty database.");
        }

        Console.WriteLine($"Seeding {licenses:N0} licenses and {licenses * MachinesPerLicense:N0} machines...");
        var watch = Stopwatch.StartNew();
        var manifest = await SeedAsync(db, licenses, dataDir, ct);
        await File.WriteAllTextAsync(manifestPath, JsonSerializer.Serialize(manifest), ct);
        Console.WriteLine($"Seeded {licenses:N0} licenses and {licenses * MachinesPerLicense:N0} machines in {watch.Elapsed.TotalSeconds:F1} s.");
        return manifest;
    }

    private static async Task<SeedManifest> SeedAsync(LicenseServerDb db, int licenseCount, string dataDir, CancellationToken ct)
    {
        var account = await AccountCreator.CreateAsync(db,
            new AccountDraft("Bench", AccountSlug, Protected: false, [new AdminDraft("admin@bench.test", "bench-password", "Bench", "Admin")]), ct);
        var admin = await db.Users.SingleAsync(u => u.AccountId == account.Id, ct);
        var product = new Product { AccountId = account.Id, Name = "Bench App" };
        db.Products.Add(product);
        var policies = Policies(account.Id, product.Id);
        db.Policies.AddRange(policies.All);
        var (adminToken, adminRaw) = TokenIssuer.Issue(account, Bearer.UserType, admin.Id, TokenKinds.Admin);
        var (productToken, productRaw) = TokenIssuer.Issue(account, Bearer.ProductType, product.Id, TokenKinds.Product);
        db.Tokens.AddRange(adminToken, productToken);
        await db.SaveChangesAsync(ct);

        var now = db.Now();
        var activationCount = Math.Clamp(licenseCount / 100, MixedLicenses, 1000);
        var regular = policies.Regular;
        var lists = new SeedLists();

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);

        var licenseRows = Enumerable.Range(0, licenseCount).Select(i =>
        {
            var policy = i < activationCount ? policies.Activation : regular[i % regular.Count];
            var key = LicenseKeys.Generate();
            var license = new License
            {
                AccountId = account.Id,
                PolicyId = policy.Id,
                ProductId = product.Id,
                Name = $"Bench license {i}",
                Key = key,
                KeyDigest = LicenseKeys.Digest(key),
                Expiry = LicenseRules.ExpiryFrom(policy, now),
                Protected = policy.Protected,
                Created = now,
                Updated = now,
            };
            lists.Add(license, policy, policies);
            return license;
        });
        await BulkCopy.WriteAsync(db, connection, licenseRows, ct);

        var machineRows = lists.Licenses.SelectMany(l => Enumerable.Range(0, MachinesPerLicense).Select(n =>
        {
            var machine = new Machine
            {
                AccountId = account.Id,
                LicenseId = l.Id,
                Fingerprint = Secrets.RandomHex(16),
                Name = $"Workstation {n + 1}",
                Platform = "linux",
                Created = now,
                Updated = now,
            };
            lists.Add(machine, l, n);
            return machine;
        }));
        await BulkCopy.WriteAsync(db, connection, machineRows, ct);

        var tokenRows = lists.Licenses.Where(l => l.PolicyId != policies.Activation.Id).Take(LicenseTokens).Select(l =>
        {
            var (token, raw) = TokenIssuer.Issue(account, Bearer.LicenseType, l.Id, TokenKinds.Activation);
            token.Created = now;
            token.Updated = now;
            lists.LicenseTokens.Add($"{l.Id} {raw}");
            return token;
        });
        await BulkCopy.WriteAsync(db, connection, tokenRows, ct);

        await using (var vacuum = new NpgsqlCommand("VACUUM ANALYZE", connection))
        {
            vacuum.CommandTimeout = 0;
            await vacuum.ExecuteNonQueryAsync(ct);
        }

        await db.Database.CloseConnectionAsync();
        var files = await lists.WriteAsync(dataDir, ct);
        return new SeedManifest(account.Id, account.Slug, licenseCount, adminRaw, productRaw, files);
    }

    /// <summary>
    /// Ten policies: non-strict ones with and without limits, strict floating ones with room for the seeded machines,
    /// one whose long heartbeat makes pings always answer 200, and one with a large limit for activations.
    /// Every seeded license is VALID under validate-key without a scope.
    /// </summary>
    private static PolicySet Policies(Guid accountId, Guid productId)
    {
        Policy Make(string name, bool strict, int? maxMachines) => new()
        {
            AccountId = accountId,
            ProductId = productId,
            Name = name,
            Strict = strict,
            Floating = true,
            MaxMachines = maxMachines,
        };

        var heartbeat = Make("Heartbeat", strict: false, maxMachines: 10);
        heartbeat.HeartbeatDuration = 86_400;
        heartbeat.HeartbeatCullStrategy = "KEEP_DEAD";
        heartbeat.HeartbeatResurrectionStrategy = "ALWAYS_REVIVE";
        var yearly = Make("Yearly", strict: false, maxMachines: 5);
        yearly.Duration = 365 * 86_400;
        var regular = new List<Policy>
        {
            Make("Basic", strict: false, maxMachines: null),
            Make("Basic 3 seats", strict: false, maxMachines: 3),
            Make("Team", strict: false, maxMachines: 25),
            Make("Pro", strict: true, maxMachines: 5),
            Make("Pro 8 seats", strict: true, maxMachines: 8),
            Make("Pro 10 seats", strict: true, maxMachines: 10),
            Make("Site", strict: true, maxMachines: null),
            heartbeat,
            yearly,
        };
        return new PolicySet(regular, heartbeat, Make("Activations", strict: false, maxMachines: 100_000));
    }

    private sealed record PolicySet(List<Policy> Regular, Policy Heartbeat, Policy Activation)
    {
        public IEnumerable<Policy> All => [.. Regular, Activation];
    }

    /// <summary>What the wrk scripts and the pre-check need, gathered while the rows stream to COPY.</summary>
    private sealed class SeedLists
    {
        private readonly Dictionary<Guid, string> _keys = [];
        private readonly HashSet<Guid> _validateKeys = [];
        private readonly HashSet<Guid> _heartbeat = [];
        private readonly List<string> _keyFingerprints = [];
        private readonly List<string> _pingMachines = [];
        private readonly List<string> _activationLicenses = [];
        private readonly List<string> _mixedKeys = [];
        private readonly List<string> _mixedLicenses = [];

        /// <summary>Id and policy of every license, in insertion order, for the machine and token rows.</summary>
        public List<License> Licenses { get; } = [];

        /// <summary>"license-id raw-token" lines.</summary>
        public List<string> LicenseTokens { get; } = [];

        public void Add(License license, Policy policy, PolicySet policies)
        {
            // Only id and policy are kept for the machine and token rows; the key goes to the lists.
            Licenses.Add(new License { Id = license.Id, PolicyId = license.PolicyId, Key = string.Empty, KeyDigest = string.Empty });
            _keys[license.Id] = license.Key;
            if (policy == policies.Activation)
            {
                _activationLicenses.Add(license.Id.ToString());
                if (_mixedLicenses.Count < MixedLicenses)
                {
                    _mixedLicenses.Add(license.Id.ToString());
                    _mixedKeys.Add(license.Key);
                }
            }
            else
            {
                _validateKeys.Add(license.Id);
            }

            if (policy == policies.Heartbeat)
            {
                _heartbeat.Add(license.Id);
            }
        }

        public void Add(Machine machine, License license, int n)
        {
            if (n == 0 && _validateKeys.Contains(license.Id))
            {
                _keyFingerprints.Add($"{_keys[license.Id]} {machine.Fingerprint}");
            }

            if (_heartbeat.Contains(license.Id))
            {
                _pingMachines.Add(machine.Id.ToString());
            }
        }

        public async Task<SeedFiles> WriteAsync(string dir, CancellationToken ct)
        {
            var files = new SeedFiles(
                Keys: Path.Combine(dir, "keys.txt"),
                KeyFingerprints: Path.Combine(dir, "key-fingerprints.txt"),
                LicenseTokens: Path.Combine(dir, "license-tokens.txt"),
                LicenseIds: Path.Combine(dir, "license-ids.txt"),
                PingMachines: Path.Combine(dir, "ping-machines.txt"),
                ActivationLicenses: Path.Combine(dir, "activation-licenses.txt"),
                MixedKeys: Path.Combine(dir, "mixed-keys.txt"),
                MixedLicenses: Path.Combine(dir, "mixed-licenses.txt"));
            var random = new Random(42);
            var validate = Licenses.Where(l => _validateKeys.Contains(l.Id)).ToList();
            await WriteListAsync(files.Keys, validate.Select(l => _keys[l.Id]), random, ct);
            await WriteListAsync(files.KeyFingerprints, _keyFingerprints, random, ct);
            await WriteListAsync(files.LicenseTokens, LicenseTokens, random, ct);
            await WriteListAsync(files.LicenseIds, validate.Select(l => l.Id.ToString()), random, ct);
            await WriteListAsync(files.PingMachines, _pingMachines, random, ct);
            await WriteListAsync(files.ActivationLicenses, _activationLicenses, random, ct);
            await WriteListAsync(files.MixedKeys, _mixedKeys, random, ct);
            await WriteListAsync(files.MixedLicenses, _mixedLicenses, random, ct);
            return files;
        }

        private static Task WriteListAsync(string path, IEnumerable<string> lines, Random random, CancellationToken ct)
        {
            var all = lines.ToArray();
            random.Shuffle(all);
            return File.WriteAllLinesAsync(path, all.Take(MaxListLength), ct);
        }
    }
}

/// <summary>What a seed made: the account, the raw tokens (only their digests are stored) and the lists for wrk.</summary>
public sealed record SeedManifest(Guid AccountId, string AccountSlug, int Licenses, string AdminToken, string ProductToken, SeedFiles Files);

/// <summary>One value (or "key fingerprint", "id token") per line, shuffled, at most 100,000 lines.</summary>
public sealed record SeedFiles(
    string Keys,
    string KeyFingerprints,
    string LicenseTokens,
    string LicenseIds,
    string PingMachines,
    string ActivationLicenses,
    string MixedKeys,
    string MixedLicenses);
