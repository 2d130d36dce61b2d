using System.Data.Common;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore.Metadata;

namespace LicenseServer.Core.Data;

/// <summary>
/// Reads an entity's row straight from a data reader, for the hot paths that skip EF Core's query pipeline. The columns
/// and the property each one fills come from the EF model, so a column added to the model is read here too; the
/// materializer is compiled once.
/// </summary>
public sealed class RowReader<T>
    where T : class
{
    private readonly string[] _columns;
    private readonly Func<DbDataReader, int, T> _read;
    private readonly Func<T, T> _copy;

    public RowReader(IModel model)
    {
        var entityType = model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var properties = entityType.GetProperties().Where(p => p.PropertyInfo is not null).ToList();
        _columns = properties.Select(p => p.GetColumnName(table) ?? throw new InvalidOperationException($"{p.Name} has no column.")).ToArray();
        _read = Compile(properties.Select(p => p.PropertyInfo!).ToList());
        _copy = CompileCopy(properties.Select(p => p.PropertyInfo!).ToList());
    }

    /// <summary>How many columns a row of <typeparamref name="T"/> takes in a select list.</summary>
    public int Width => _columns.Length;

    /// <summary>The select list, each column prefixed with <paramref name="alias"/> (e.g. <c>l.id, l.account_id, …</c>).</summary>
    public string Columns(string alias) => string.Join(", ", _columns.Select(c => $"{alias}.{c}"));

    /// <summary>The entity in the columns starting at <paramref name="first"/>.</summary>
    public T Read(DbDataReader reader, int first = 0) => _read(reader, first);

    /// <summary>A new entity with the mapped columns of <paramref name="source"/> (navigations are not copied).</summary>
    public T Copy(T source) => _copy(source);

    private static Func<T, T> CompileCopy(List<PropertyInfo> properties)
    {
        var source = Expression.Parameter(typeof(T), "source");
        var copy = Expression.Variable(typeof(T), "copy");
        var body = new List<Expression> { Expression.Assign(copy, Expression.New(typeof(T))) };
        body.AddRange(properties.Select(p => Expression.Assign(Expression.Property(copy, p), Expression.Property(source, p))));
        body.Add(copy);
        return Expression.Lambda<Func<T, T>>(Expression.Block([copy], body), source).Compile();
    }

    private static Func<DbDataReader, int, T> Compile(List<PropertyInfo> properties)
    {
        var reader = Expression.Parameter(typeof(DbDataReader), "reader");
        var first = Expression.Parameter(typeof(int), "first");
        var entity = Expression.Variable(typeof(T), "entity");
        var body = new List<Expression> { Expression.Assign(entity, Expression.New(typeof(T))) };
        var isNull = typeof(DbDataReader).GetMethod(nameof(DbDataReader.IsDBNull), [typeof(int)])!;
        var getValue = typeof(DbDataReader).GetMethod(nameof(DbDataReader.GetFieldValue), [typeof(int)])!;
        for (var i = 0; i < properties.Count; i++)
        {
            var property = properties[i];
            var ordinal = Expression.Add(first, Expression.Constant(i));
            var type = property.PropertyType;
            var stored = Nullable.GetUnderlyingType(type) ?? type;
            Expression value = Expression.Call(reader, getValue.MakeGenericMethod(stored), ordinal);
            if (stored != type)
            {
                value = Expression.Convert(value, type);
            }

            var read = Expression.Condition(Expression.Call(reader, isNull, ordinal), Expression.Default(type), value);
            body.Add(Expression.Assign(Expression.Property(entity, property), read));
        }

        body.Add(entity);
        return Expression.Lambda<Func<DbDataReader, int, T>>(Expression.Block([entity], body), reader, first).Compile();
    }
}
