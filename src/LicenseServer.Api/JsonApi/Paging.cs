using System.Globalization;

namespace LicenseServer.Api.JsonApi;

/// <summary>
/// Index pagination: <c>limit</c> (default 10), offset pages (<c>page[number]</c>, <c>page[size]</c>)
/// or keyset pages (<c>page[cursor]</c>), newest first unless <c>order=asc</c>.
/// </summary>
public sealed class Paging
{
    private const int DefaultSize = 10;
    private const int MaxSize = 100;
    private const int MaxNumber = 100;

    private Paging()
    {
    }

    public int Size { get; private init; } = DefaultSize;

    public int? Number { get; private init; }

    public bool Keyset { get; private init; }

    public Guid? Cursor { get; private init; }

    public bool Ascending { get; private init; }

    public static Paging Parse(HttpRequest request)
    {
        var query = request.Query;
        var ascending = false;
        if (query.TryGetValue("order", out var order))
        {
            ascending = order.ToString().ToLowerInvariant() switch
            {
                "asc" => true,
                "desc" => false,
                _ => throw DomainError.BadParameter("order", "order is invalid"),
            };
        }

        var limit = DefaultSize;
        if (query.TryGetValue("limit", out var limitText))
        {
            limit = Bounded(limitText.ToString(), "limit", "limit", MaxSize);
        }

        var hasNumber = query.ContainsKey("page[number]");
        var hasCursor = query.ContainsKey("page[cursor]");
        var hasPage = hasNumber || hasCursor || query.Keys.Any(k => k == "page" || k.StartsWith("page[", StringComparison.Ordinal));
        if (!hasPage)
        {
            return new Paging { Size = limit, Ascending = ascending };
        }

        if (!hasNumber && !hasCursor)
        {
            throw DomainError.BadParameter("page", "page must be an object containing number or cursor");
        }

        var size = query.TryGetValue("page[size]", out var sizeText)
            ? Bounded(sizeText.ToString(), "page[size]", "page size", MaxSize)
            : limit;

        if (hasCursor)
        {
            var cursorText = query["page[cursor]"].ToString();
            Guid? cursor = null;
            if (cursorText.Length > 0)
            {
                cursor = Ids.TryParse(cursorText, out var id)
                    ? id
                    : throw DomainError.BadParameter("page[cursor]", $"page cursor must be a valid UUID (got \"{cursorText}\")");
            }

            return new Paging { Size = size, Keyset = true, Cursor = cursor, Ascending = ascending };
        }

        var numberText = query["page[number]"].ToString();
        var number = Bounded(numberText, "page[number]", "page number", MaxNumber,
            " (use cursor pagination, page[cursor], for deeper pages)");
        return new Paging { Size = size, Number = number, Ascending = ascending };
    }

    private static int Bounded(string text, string parameter, string what, int max, string hint = "")
    {
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < 1 || value > max)
        {
            var extra = int.TryParse(text, out var big) && big > max ? hint : string.Empty;
            throw DomainError.BadParameter(parameter, $"{what} must be a number between 1 and {max} (got {text}){extra}");
        }

        return value;
    }

    /// <summary>Orders, pages and runs the query; returns the page and the top-level links, if any.</summary>
    public async Task<(List<T> Items, PageLinks? Links)> ApplyAsync<T>(IQueryable<T> query, HttpContext http, bool countPages = true)
        where T : AccountEntity
    {
        var ct = http.RequestAborted;
        if (Keyset)
        {
            if (Cursor is { } cursor)
            {
                var at = await query.Where(x => x.Id == cursor).Select(x => (DateTime?)x.Created).FirstOrDefaultAsync(ct);
                if (at is null)
                {
                    return ([], PageLinks.ForKeyset(http, Size, null));
                }

                query = Ascending
                    ? query.Where(x => x.Created > at || (x.Created == at && x.Id.CompareTo(cursor) > 0))
                    : query.Where(x => x.Created < at || (x.Created == at && x.Id.CompareTo(cursor) < 0));
            }

            var page = await Order(query).Take(Size).ToListAsync(ct);
            var next = page.Count == Size ? page[^1].Id : (Guid?)null;
            return (page, PageLinks.ForKeyset(http, Size, next));
        }

        if (Number is { } number)
        {
            var count = countPages ? await query.CountAsync(ct) : (int?)null;
            var items = await Order(query).Skip((number - 1) * Size).Take(Size).ToListAsync(ct);
            return (items, PageLinks.ForOffset(http, number, Size, count, items.Count));
        }

        return (await Order(query).Take(Size).ToListAsync(ct), null);
    }

    private IQueryable<T> Order<T>(IQueryable<T> query)
        where T : AccountEntity =>
        Ascending
            ? query.OrderBy(x => x.Created).ThenBy(x => x.Id)
            : query.OrderByDescending(x => x.Created).ThenByDescending(x => x.Id);
}
