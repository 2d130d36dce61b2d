using LicenseServer.Api.Replicas;
using LicenseServer.Core.Distribution;

namespace LicenseServer.Api.Releases;

/// <summary>Publish, yank (distribution.md §4.6) and the upgrade relationship (§11).</summary>
public static class ReleaseActionEndpoints
{
    public static void Map(IEndpointRouteBuilder account)
    {
        account.MapPost("/releases/{id}/actions/publish", PublishAsync).Requires("release.publish");
        account.MapPost("/releases/{id}/actions/yank", YankAsync).Requires("release.yank");
        account.MapGet("/releases/{id}/upgrade", UpgradeAsync).WithMetadata(StandbyReads.Refused).Requires("release.upgrade");
    }

    private static Task<IResult> PublishAsync(Caller caller, LicenseServerDb db, string id) =>
        ChangeStatusAsync(caller, db, id, "release.published", (release, now) =>
        {
            release.Status = ReleaseStatuses.Published;
            release.Published = now;
        });

    private static Task<IResult> YankAsync(Caller caller, LicenseServerDb db, string id) =>
        ChangeStatusAsync(caller, db, id, "release.yanked", (release, now) =>
        {
            release.Status = ReleaseStatuses.Yanked;
            release.Yanked = now;
        });

    private static async Task<IResult> ChangeStatusAsync(Caller caller, LicenseServerDb db, string id, string eventName, Action<Release, DateTime> change)
    {
        var release = await ReleaseQueries.FindAsync(db, caller.AccountId, caller.Bearer, id, caller.Aborted, track: true);
        Forbidden.Unless(ReleaseAccess.CanWriteFor(caller.Bearer, release.ProductId));

        change(release, db.Now());
        await EventLog.CommitAsync(db, eventName, release, ReleaseSerializer.Write, caller.Aborted);
        return JsonApiResults.Resource(release, ReleaseSerializer.Write);
    }

    /// <summary>
    /// <c>GET /releases/{id|version|tag}/upgrade?channel=&amp;constraint=&amp;package=&amp;product=</c>: the next release with
    /// <c>meta {current, next}</c> and a <c>release.upgraded</c> event, or 404 "The requested release was not found".
    /// </summary>
    private static async Task<IResult> UpgradeAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var query = http.Request.Query;
        var constraint = query.TryGetValue("constraint", out var text) ? UpgradeConstraint.Parse(text.ToString()) : null;
        var context = RequestContext.Of(http);
        var accountId = context.Account.Id;
        var current = await ReleaseEndpoints.FindNarrowedAsync(http, db, id);
        ReleaseEndpoints.Refuse(context.Bearer);

        var ct = http.RequestAborted;
        var packageId = current.PackageId;
        if (ReleaseFilters.PackageOf(db, accountId, query) is { Present: true } package)
        {
            packageId = package.Value is { } named ? await named.Select(p => (Guid?)p).FirstOrDefaultAsync(ct) ?? Guid.Empty : null;
        }

        var channels = query.TryGetValue("channel", out var channel)
            ? await ReleaseFilters.ChannelSetAsync(db, accountId, channel.ToString(), ct)
            : ReleaseChannels.SetOf(current.Channel);
        var visible = ReleaseAccess.Scope(db, db.Releases.Where(r => r.AccountId == accountId), context.Bearer, db.Now());
        var next = await ReleaseUpgrades.FindAsync(visible, current, channels, packageId, constraint, ct)
            ?? throw new DomainError(ErrorKind.NotFound, "The requested release was not found", "NOT_FOUND");

        void Meta(Utf8JsonWriter w)
        {
            w.WriteString("current", current.Version);
            w.WriteString("next", next.Version);
        }

        EventLog.Record(db, "release.upgraded", next, ReleaseSerializer.Write, Meta);
        await db.SaveChangesAsync(ct);
        return JsonApiResults.Resource(next, ReleaseSerializer.Write, writeMeta: Meta);
    }
}
