namespace LicenseServer.Api.JsonApi;

/// <summary>The standard routes of a JSON:API collection, mapped in one call.</summary>
public static class ResourceRoutes
{
    /// <summary>
    /// Maps <c>GET</c> and <c>POST</c> on <paramref name="path"/>, and <c>GET</c>, <c>PATCH</c>/<c>PUT</c> and
    /// <c>DELETE</c> on <c>{path}/{id}</c>; returns the group, for the resource's other routes.
    /// </summary>
    public static RouteGroupBuilder MapResource(
        this IEndpointRouteBuilder builder,
        string path,
        Delegate index,
        Delegate create,
        Delegate show,
        Delegate update,
        Delegate destroy)
    {
        var group = builder.MapGroup(path);
        group.MapGet("", index);
        group.MapPost("", create);
        group.MapGet("/{id}", show);
        group.MapMethods("/{id}", ["PATCH", "PUT"], update);
        group.MapDelete("/{id}", destroy);
        return group;
    }

    /// <summary>
    /// Maps a to-many relationship on <paramref name="path"/>: <c>GET</c> lists the related resources, <c>GET</c> on
    /// <c>{path}/{<paramref name="related"/>}</c> shows one, <c>POST</c> attaches and <c>DELETE</c> detaches (see
    /// <see cref="ToManyLinkage"/>); returns the group.
    /// </summary>
    public static RouteGroupBuilder MapToMany(this IEndpointRouteBuilder builder, string path, string related, Delegate index, Delegate show,
        Delegate attach, Delegate detach)
    {
        var group = builder.MapGroup(path);
        group.MapGet("", index);
        group.MapGet($"/{{{related}}}", show);
        group.MapPost("", attach);
        group.MapDelete("", detach);
        return group;
    }

    /// <summary>
    /// Maps a to-one relationship on <paramref name="path"/>: <c>GET</c> shows the related resource, <c>PUT</c>/<c>PATCH</c>
    /// changes it (a <see cref="ToOneLinkage"/> body).
    /// </summary>
    public static void MapToOne(this IEndpointRouteBuilder builder, string path, Delegate show, Delegate change)
    {
        builder.MapGet(path, show);
        builder.MapMethods(path, ["PUT", "PATCH"], change);
    }
}
