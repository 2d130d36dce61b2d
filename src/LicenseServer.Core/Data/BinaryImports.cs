using Npgsql;
using NpgsqlTypes;

namespace LicenseServer.Core.Data;

/// <summary>Nullable columns of a binary COPY (the validation and request log writers).</summary>
public static class BinaryImports
{
    public static Task WriteTextAsync(this NpgsqlBinaryImporter copy, string? value, CancellationToken ct) =>
        value is null ? copy.WriteNullAsync(ct) : copy.WriteAsync(value, NpgsqlDbType.Text, ct);

    public static Task WriteUuidAsync(this NpgsqlBinaryImporter copy, Guid? value, CancellationToken ct) =>
        value is { } id ? copy.WriteAsync(id, NpgsqlDbType.Uuid, ct) : copy.WriteNullAsync(ct);
}
