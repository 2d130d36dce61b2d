using System.Text.RegularExpressions;
using LicenseServer.Core.Webhooks;

namespace LicenseServer.Core.Analytics;

/// <summary>
/// Event names as analytics routes take them: a known event name (resources.md §22) or a pattern where <c>*</c> stands for
/// any run of characters (<c>license.*</c>, <c>*.created</c>).
/// </summary>
public static class EventPatterns
{
    /// <summary>The known event names the pattern matches, in byte order; none for an unknown name.</summary>
    public static IReadOnlyList<string> Match(string pattern)
    {
        if (!pattern.Contains('*'))
        {
            return WebhookEventNames.All.Contains(pattern) ? [pattern] : [];
        }

        var regex = new Regex("^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal) + "$",
            RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        return [.. WebhookEventNames.All.Where(name => regex.IsMatch(name)).Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// The names of a series route's <c>{event}</c>: a 400 at the <c>event</c> parameter when nothing known matches, or the
    /// pattern is a bare <c>*</c> (a series of every event is refused).
    /// </summary>
    public static IReadOnlyList<string> RequireMatch(string pattern)
    {
        var names = pattern.Trim('*').Length == 0 ? [] : Match(pattern);
        return names.Count > 0 ? names : throw DomainError.BadParameter("event", "is invalid");
    }

    /// <summary>The gauge and spark metric of an event: <c>license.validation.failed</c> → <c>events.license-validation-failed</c>.</summary>
    public static string MetricOf(string name) => "events." + name.Replace('.', '-');
}
