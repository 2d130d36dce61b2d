using LicenseServer.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace LicenseServer.Benchmarks;

/// <summary>
/// Binary COPY of entities into the table the EF model maps them to: table, columns, store types and value
/// converters all come from <see cref="LicenseServerDb"/>'s model, so a row is what SaveChanges would write.
/// </summary>
public static class BulkCopy
{
    public static async Task<long> WriteAsync<T>(LicenseServerDb db, NpgsqlConnection connection, IEnumerable<T> rows, CancellationToken ct)
        where T : class
    {
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = entity.GetProperties()
            .Select(p => (Property: p, Column: p.GetColumnName(table)))
            .Where(c => c.Column is not null)
            .Select(c => new Column(c.Column!, c.Property.GetColumnType(), c.Property.GetGetter(), c.Property.GetTypeMapping().Converter))
            .ToList();

        var names = string.Join(", ", columns.Select(c => Quote(c.Name)));
        var target = table.Schema is null ? Quote(table.Name) : $"{Quote(table.Schema)}.{Quote(table.Name)}";
        await using var importer = await connection.BeginBinaryImportAsync($"COPY {target} ({names}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var row in rows)
        {
            importer.StartRow();
            foreach (var column in columns)
            {
                var value = column.Getter.GetClrValueUsingContainingEntity(row);
                if (value is not null && column.Converter is not null)
                {
                    value = column.Converter.ConvertToProvider(value);
                }

                if (value is null)
                {
                    importer.WriteNull();
                }
                else
                {
                    importer.Write(value, column.StoreType);
                }
            }
        }

        return (long)await importer.CompleteAsync(ct);
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";

    private sealed record Column(string Name, string StoreType, IClrPropertyGetter Getter, Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? Converter);
}
