using System.Buffers;
using System.Text;
using System.Text.Json;
using LicenseServer.Core.Licenses;
using LicenseServer.Core.Signatures;
using Npgsql;
using NpgsqlTypes;
using NSec.Cryptography;

namespace LicenseServer.Benchmarks;

/// <summary>
/// The yardstick: a minimal ASP.NET Core host on the same database doing the least work each request needs.
/// R1 <c>POST /r1/validate-key</c>: one prepared SELECT by key digest, a license document written with Utf8JsonWriter.
/// R2 <c>POST /r2/validate-key</c>: R1 plus an Ed25519 signature of the body (key imported once) — the limit for a signed read.
/// R3 <c>POST /r3/machines</c>: an activation in one transaction (license row FOR UPDATE, count, insert, commit).
/// </summary>
public sealed class ReferenceHost : IAsyncDisposable
{
    private const string LicenseSql = """
        SELECT l.id, l.name, l.key, l.expiry, l.uses, l.suspended, l.protected, l.version, l.max_machines, l.max_processes,
               l.max_users, l.max_cores, l.max_memory, l.max_disk, l.max_uses, l.last_validated, l.last_check_in,
               l.last_check_out, l.metadata::text, l.created, l.updated, l.product_id, l.policy_id, l.group_id, l.owner_id,
               p.scheme, p.encrypted, p.strict, p.floating, p.max_machines, p.require_heartbeat, p.require_check_in,
               (SELECT count(*) FROM machines m WHERE m.license_id = l.id)
        FROM licenses l JOIN policies p ON p.id = l.policy_id
        WHERE l.account_id = $1 AND l.key_digest = $2
        """;

    private const string LockSql = """
        SELECT coalesce(l.max_machines, p.max_machines) FROM licenses l JOIN policies p ON p.id = l.policy_id
        WHERE l.account_id = $1 AND l.id = $2 FOR UPDATE OF l
        """;

    private const string CountSql = "SELECT count(*) FROM machines WHERE license_id = $1";

    private const string InsertSql = """
        INSERT INTO machines (id, account_id, license_id, fingerprint, metadata, created, updated)
        VALUES ($1, $2, $3, $4, '{}', $5, $5)
        """;

    private readonly WebApplication _app;
    private readonly NpgsqlDataSource _data;
    private readonly Key _signingKey;
    private readonly Guid _accountId;

    private ReferenceHost(WebApplication app, NpgsqlDataSource data, Key signingKey, Guid accountId, string url)
    {
        Url = url;
        _app = app;
        _data = data;
        _signingKey = signingKey;
        _accountId = accountId;
    }

    public string Url { get; }

    public static async Task<ReferenceHost> StartAsync(string connectionString, Guid accountId, int port, CancellationToken ct)
    {
        var pooled = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 64, MaxAutoPrepare = 10, NoResetOnClose = true };
        var data = NpgsqlDataSource.Create(pooled.ConnectionString);
        string privateKey;
        await using (var db = Database.Open(connectionString))
        {
            var account = await db.Accounts.FindAsync([accountId], ct) ?? throw new InvalidOperationException("The account is missing.");
            privateKey = account.Ed25519PrivateKey;
        }

        var key = Key.Import(SignatureAlgorithm.Ed25519, Convert.FromHexString(privateKey), KeyBlobFormat.RawPrivateKey);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var url = $"http://127.0.0.1:{port}";
        builder.WebHost.UseUrls(url);
        var app = builder.Build();
        var host = new ReferenceHost(app, data, key, accountId, url);
        app.MapPost("/r1/validate-key", http => host.ValidateKeyAsync(http, sign: false));
        app.MapPost("/r2/validate-key", http => host.ValidateKeyAsync(http, sign: true));
        app.MapPost("/r3/machines", host.ActivateAsync);
        await app.StartAsync(ct);
        return host;
    }

    private async Task ValidateKeyAsync(HttpContext http, bool sign)
    {
        var ct = http.RequestAborted;
        string? key;
        using (var request = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: ct))
        {
            key = request.RootElement.GetProperty("meta").GetProperty("key").GetString();
        }

        var body = new ArrayBufferWriter<byte>(2048);
        await using (var command = _data.CreateCommand(LicenseSql))
        {
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = _accountId });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = LicenseKeys.Digest(key ?? ""), NpgsqlDbType = NpgsqlDbType.Text });
            await using var reader = await command.ExecuteReaderAsync(ct);
            using var w = new Utf8JsonWriter(body);
            w.WriteStartObject();
            if (await reader.ReadAsync(ct))
            {
                WriteLicense(w, reader, _accountId);
                w.WriteStartObject("meta");
                w.WriteString("ts", DateTime.UtcNow);
                w.WriteBoolean("valid", true);
                w.WriteString("detail", "is valid");
                w.WriteString("code", "VALID");
            }
            else
            {
                w.WriteNull("data");
                w.WriteStartObject("meta");
                w.WriteString("ts", DateTime.UtcNow);
                w.WriteBoolean("valid", false);
                w.WriteString("detail", "does not exist");
                w.WriteString("code", "NOT_FOUND");
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        if (sign)
        {
            Sign(http, body.WrittenSpan);
        }

        http.Response.ContentType = "application/vnd.api+json";
        http.Response.ContentLength = body.WrittenCount;
        await http.Response.Body.WriteAsync(body.WrittenMemory, ct);
    }

    /// <summary>The server's signature headers (MessageSigner's date, digest and signing string), signed with the key imported at start.</summary>
    private void Sign(HttpContext http, ReadOnlySpan<byte> body)
    {
        var date = MessageSigner.Date(DateTimeOffset.UtcNow);
        var digest = MessageSigner.Digest(body);
        var signing = MessageSigner.SigningString(http.Request.Method, http.Request.Path, http.Request.Host.ToString(), date, digest);
        var signature = Convert.ToBase64String(SignatureAlgorithm.Ed25519.Sign(_signingKey, Encoding.UTF8.GetBytes(signing)));
        var headers = http.Response.Headers;
        headers.Date = date;
        headers["Digest"] = digest;
        headers["Keygen-Signature"] = $"keyid=\"{_accountId}\", algorithm=\"ed25519\", signature=\"{signature}\", headers=\"{MessageSigner.SignedHeaders}\"";
    }

    /// <summary>The license resource in the server's shape (attributes, relationships, links), about 1.5 KB.</summary>
    private static void WriteLicense(Utf8JsonWriter w, NpgsqlDataReader r, Guid accountId)
    {
        var id = r.GetGuid(0);
        var self = $"/v1/accounts/{accountId}/licenses/{id}";
        w.WriteStartObject("data");
        w.WriteString("id", id);
        w.WriteString("type", "licenses");
        w.WriteStartObject("attributes");
        WriteString(w, "name", r, 1);
        w.WriteString("key", r.GetString(2));
        WriteTime(w, "expiry", r, 3);
        w.WriteString("status", "ACTIVE");
        w.WriteNumber("uses", r.GetInt32(4));
        w.WriteBoolean("suspended", r.GetBoolean(5));
        WriteString(w, "scheme", r, 25);
        w.WriteBoolean("encrypted", r.GetBoolean(26));
        w.WriteBoolean("strict", r.GetBoolean(27));
        w.WriteBoolean("floating", r.GetBoolean(28));
        w.WriteBoolean("protected", r.GetBoolean(6));
        WriteString(w, "version", r, 7);
        if (r.IsDBNull(8) && r.IsDBNull(29))
        {
            w.WriteNull("maxMachines");
        }
        else
        {
            w.WriteNumber("maxMachines", r.IsDBNull(8) ? r.GetInt32(29) : r.GetInt32(8));
        }

        WriteNumber(w, "maxProcesses", r, 9);
        WriteNumber(w, "maxUsers", r, 10);
        WriteNumber(w, "maxCores", r, 11);
        WriteNumber(w, "maxMemory", r, 12);
        WriteNumber(w, "maxDisk", r, 13);
        WriteNumber(w, "maxUses", r, 14);
        w.WriteBoolean("requireHeartbeat", r.GetBoolean(30));
        w.WriteBoolean("requireCheckIn", r.GetBoolean(31));
        WriteTime(w, "lastValidated", r, 15);
        WriteTime(w, "lastCheckIn", r, 16);
        w.WriteNull("nextCheckIn");
        WriteTime(w, "lastCheckOut", r, 17);
        w.WritePropertyName("metadata");
        w.WriteRawValue(r.GetString(18));
        WriteTime(w, "created", r, 19);
        WriteTime(w, "updated", r, 20);
        w.WriteEndObject();
        w.WriteStartObject("relationships");
        WriteToOne(w, "account", $"/v1/accounts/{accountId}", "accounts", accountId);
        WriteToOne(w, "product", $"{self}/product", "products", r.GetGuid(21));
        WriteToOne(w, "policy", $"{self}/policy", "policies", r.GetGuid(22));
        WriteToOne(w, "group", $"{self}/group", "groups", r.IsDBNull(23) ? null : r.GetGuid(23));
        WriteToOne(w, "owner", $"{self}/owner", "users", r.IsDBNull(24) ? null : r.GetGuid(24));
        WriteToMany(w, "users", $"{self}/users", count: 0);
        WriteToMany(w, "machines", $"{self}/machines", count: r.GetInt64(32));
        WriteToMany(w, "tokens", $"{self}/tokens", count: null);
        WriteToMany(w, "entitlements", $"{self}/entitlements", count: null);
        w.WriteEndObject();
        w.WriteStartObject("links");
        w.WriteString("self", self);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteString(Utf8JsonWriter w, string name, NpgsqlDataReader r, int column)
    {
        if (r.IsDBNull(column))
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, r.GetString(column));
        }
    }

    private static void WriteNumber(Utf8JsonWriter w, string name, NpgsqlDataReader r, int column)
    {
        if (r.IsDBNull(column))
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteNumber(name, Convert.ToInt64(r.GetValue(column), System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private static void WriteTime(Utf8JsonWriter w, string name, NpgsqlDataReader r, int column)
    {
        if (r.IsDBNull(column))
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, r.GetDateTime(column).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private static void WriteToOne(Utf8JsonWriter w, string name, string related, string type, Guid? id)
    {
        w.WriteStartObject(name);
        w.WriteStartObject("links");
        w.WriteString("related", related);
        w.WriteEndObject();
        if (id is { } value)
        {
            w.WriteStartObject("data");
            w.WriteString("type", type);
            w.WriteString("id", value);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("data");
        }

        w.WriteEndObject();
    }

    private static void WriteToMany(Utf8JsonWriter w, string name, string related, long? count)
    {
        w.WriteStartObject(name);
        w.WriteStartObject("links");
        w.WriteString("related", related);
        w.WriteEndObject();
        if (count is { } value)
        {
            w.WriteStartObject("meta");
            w.WriteNumber("count", value);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    /// <summary>R3: the license row locked FOR UPDATE, its machines counted, one machine inserted under the limit.</summary>
    private async Task ActivateAsync(HttpContext http)
    {
        var ct = http.RequestAborted;
        string fingerprint;
        Guid licenseId;
        using (var request = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: ct))
        {
            var data = request.RootElement.GetProperty("data");
            fingerprint = data.GetProperty("attributes").GetProperty("fingerprint").GetString() ?? "";
            licenseId = data.GetProperty("relationships").GetProperty("license").GetProperty("data").GetProperty("id").GetGuid();
        }

        var machineId = Guid.CreateVersion7();
        var now = DateTime.UtcNow;
        await using var connection = await _data.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        int? limit;
        await using (var lockLicense = new NpgsqlCommand(LockSql, connection, transaction))
        {
            lockLicense.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = _accountId });
            lockLicense.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = licenseId });
            var found = await lockLicense.ExecuteScalarAsync(ct);
            if (found is null)
            {
                await WriteErrorAsync(http, "LICENSE_NOT_FOUND");
                return;
            }

            limit = found is DBNull ? null : (int)found;
        }

        await using (var count = new NpgsqlCommand(CountSql, connection, transaction))
        {
            count.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = licenseId });
            if (limit is { } max && await count.ExecuteScalarAsync(ct) is long machines && machines >= max)
            {
                await WriteErrorAsync(http, "MACHINE_LIMIT_EXCEEDED");
                return;
            }
        }

        await using (var insert = new NpgsqlCommand(InsertSql, connection, transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = machineId });
            insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = _accountId });
            insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = licenseId });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = fingerprint, NpgsqlDbType = NpgsqlDbType.Text });
            insert.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now });
            try
            {
                await insert.ExecuteNonQueryAsync(ct);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                await WriteErrorAsync(http, "FINGERPRINT_TAKEN");
                return;
            }
        }

        await transaction.CommitAsync(ct);
        await WriteSmallAsync(http, 201, w =>
        {
            w.WriteStartObject("data");
            w.WriteString("id", machineId);
            w.WriteString("type", "machines");
            w.WriteStartObject("attributes");
            w.WriteString("fingerprint", fingerprint);
            w.WriteString("created", now);
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    private static Task WriteErrorAsync(HttpContext http, string code) =>
        WriteSmallAsync(http, 422, w =>
        {
            w.WriteStartArray("errors");
            w.WriteStartObject();
            w.WriteString("title", "Unprocessable resource");
            w.WriteString("code", code);
            w.WriteEndObject();
            w.WriteEndArray();
        });

    private static async Task WriteSmallAsync(HttpContext http, int status, Action<Utf8JsonWriter> members)
    {
        var body = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(body))
        {
            w.WriteStartObject();
            members(w);
            w.WriteEndObject();
        }

        http.Response.StatusCode = status;
        http.Response.ContentType = "application/vnd.api+json";
        http.Response.ContentLength = body.WrittenCount;
        await http.Response.Body.WriteAsync(body.WrittenMemory, http.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _data.DisposeAsync();
        _signingKey.Dispose();
    }
}
