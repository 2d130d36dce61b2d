using System.Text;

namespace LicenseServer.Api.JsonApi;

/// <summary>Top-level pagination links, relative to the request path as sent.</summary>
public sealed class PageLinks
{
    private readonly List<(string Name, string? Href)> _links = [];
    private int? _pages;
    private int? _count;

    public static PageLinks ForOffset(HttpContext http, int number, int size, int? count, int pageCount)
    {
        var links = new PageLinks();
        links._links.Add(("self", Href(http, ("page[number]", number), ("page[size]", size))));
        links._links.Add(("prev", number > 1 ? Href(http, ("page[number]", number - 1), ("page[size]", size)) : null));
        if (count is { } total)
        {
            var pages = Math.Max(1, (total + size - 1) / size);
            links._links.Add(("next", number < pages ? Href(http, ("page[number]", number + 1), ("page[size]", size)) : null));
            links._links.Add(("first", Href(http, ("page[number]", 1), ("page[size]", size))));
            links._links.Add(("last", Href(http, ("page[number]", pages), ("page[size]", size))));
            links._pages = pages;
            links._count = total;
        }
        else
        {
            links._links.Add(("next", pageCount == size ? Href(http, ("page[number]", number + 1), ("page[size]", size)) : null));
        }

        return links;
    }

    public static PageLinks ForKeyset(HttpContext http, int size, Guid? next)
    {
        var links = new PageLinks();
        var cursor = http.Request.Query["page[cursor]"].ToString();
        links._links.Add(("self", Href(http, ("page[cursor]", cursor), ("page[size]", size))));
        links._links.Add(("next", next is null ? null : Href(http, ("page[cursor]", next.Value), ("page[size]", size))));
        return links;
    }

    public void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject("links");
        foreach (var (name, href) in _links)
        {
            if (href is null)
            {
                w.WriteNull(name);
            }
            else
            {
                w.WriteString(name, href);
            }
        }

        if (_pages is not null)
        {
            w.WriteStartObject("meta");
            w.WriteNumber("pages", _pages.Value);
            w.WriteNumber("count", _count ?? 0);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static string Href(HttpContext http, params (string Name, object Value)[] page)
    {
        var sb = new StringBuilder(RequestContext.OriginalPath(http));
        var separator = '?';
        foreach (var (key, values) in http.Request.Query)
        {
            if (key is "token" or "auth" || key.StartsWith("page[", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var value in values)
            {
                sb.Append(separator).Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value ?? string.Empty));
                separator = '&';
            }
        }

        foreach (var (name, value) in page)
        {
            sb.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(value.ToString() ?? string.Empty));
            separator = '&';
        }

        return sb.ToString();
    }
}
