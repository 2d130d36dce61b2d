using System.Globalization;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Query;

namespace LicenseServer.Api.EventLogs;

/// <summary>
/// The query filters event logs and request logs share (enterprise.md §3.4, §4.5): a date range of 1 to 31 whole days, and
/// a record named by type and id (<c>resource[type]=license&amp;resource[id]=…</c>, <c>resource[]=license&amp;resource[]=…</c>,
/// or <c>resource=…</c>), the type singular or plural in any case, an id that is not a UUID matching as a case-insensitive
/// substring.
/// </summary>
public static class LogFilters
{
    /// <summary>
    /// The range <c>date[start]</c> .. <c>date[end]</c> as [from, to): from the start of the first day to the end of the last;
    /// null when neither is given. 400 (parameter <c>date</c>) when a date does not parse or the range is not 1..31 days.
    /// </summary>
    public static (DateTime From, DateTime To)? DateRange(HttpRequest request)
    {
        var query = request.Query;
        var hasStart = query.TryGetValue("date[start]", out var startText);
        var hasEnd = query.TryGetValue("date[end]", out var endText);
        if (!hasStart && !hasEnd)
        {
            return null;
        }

        if (!FilterValues.TryDate(startText.ToString(), out var start) || !FilterValues.TryDate(endText.ToString(), out var end)
            || end == DateTime.MaxValue.Date)
        {
            throw DomainError.BadParameter("date", "invalid date range");
        }

        var to = end.AddDays(1);
        var days = (int)Math.Floor((to.AddMilliseconds(-1) - start).TotalSeconds / 86400);
        if (days is < 1 or > 31)
        {
            throw DomainError.BadParameter("date", string.Create(CultureInfo.InvariantCulture, $"date range must be between 1 and 31 days (got {days})"));
        }

        return (start, to);
    }

    /// <summary>
    /// Narrows <paramref name="query"/> to the record named by the <paramref name="name"/> parameters, whose wire type and id
    /// <paramref name="type"/> and <paramref name="id"/> select; unchanged when none is given.
    /// </summary>
    public static IQueryable<T> Record<T>(IQueryable<T> query, HttpRequest request, string name, Expression<Func<T, string?>> type,
        Expression<Func<T, Guid?>> id)
    {
        var (typeText, idText) = Named(request.Query, name);
        if (typeText is null && idText is null)
        {
            return query;
        }

        if (typeText is not null)
        {
            var wireType = WireType(typeText);
            query = query.Where(Apply(type, t => t == wireType));
        }

        if (idText is null)
        {
            return query;
        }

        if (Ids.TryParse(idText, out var uuid))
        {
            Guid? match = uuid;
            return query.Where(Apply(id, i => i == match));
        }

        var pattern = "%" + idText.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
        return query.Where(Apply(id, i => i != null && EF.Functions.ILike(i.Value.ToString(), pattern)));
    }

    /// <summary>A type as the logs store it: plural kebab, lower case (<c>License</c> → <c>licenses</c>, <c>policy</c> → <c>policies</c>).</summary>
    public static string WireType(string text)
    {
        var type = text.Trim().ToLowerInvariant();
        if (type.EndsWith("ies", StringComparison.Ordinal) || (type.EndsWith('s') && !type.EndsWith("ss", StringComparison.Ordinal)))
        {
            return type;
        }

        if (type.EndsWith('y') && type.Length > 1 && !"aeiou".Contains(type[^2]))
        {
            return type[..^1] + "ies";
        }

        return type.EndsWith("ss", StringComparison.Ordinal) || type.EndsWith('x') ? type + "es" : type + "s";
    }

    private static (string? Type, string? Id) Named(IQueryCollection query, string name)
    {
        if (query.TryGetValue($"{name}[type]", out var type) | query.TryGetValue($"{name}[id]", out var id))
        {
            return (Text(type.ToString()), Text(id.ToString()));
        }

        if (query.TryGetValue($"{name}[]", out var pair) && pair.Count > 0)
        {
            return pair.Count >= 2 ? (Text(pair[0]), Text(pair[1])) : (null, Text(pair[0]));
        }

        return query.TryGetValue(name, out var only) ? (null, Text(only.ToString())) : (null, null);
    }

    private static string? Text(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary><paramref name="test"/> applied to the member <paramref name="member"/> selects, as one predicate on <typeparamref name="T"/>.</summary>
    private static Expression<Func<T, bool>> Apply<T, TMember>(Expression<Func<T, TMember>> member, Expression<Func<TMember, bool>> test)
    {
        var body = ReplacingExpressionVisitor.Replace(test.Parameters[0], member.Body, test.Body);
        return Expression.Lambda<Func<T, bool>>(body, member.Parameters[0]);
    }
}
