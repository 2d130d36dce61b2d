namespace LicenseServer.Api.JsonApi;

/// <summary>The standard routes of a JSON:API collection, mapped in one call.</summary>
public static class ResourceRoutes
{
    /// <summary>
    /// Maps <c>GET</c> and <c>POST</c> on <paramref name="path"/>, and <c>GET</c>, <c>PATCH</c>/<c>PUT</c> and
    /// <c>DELETE</c> on <c>{path}/{id}</c>, each requiring <c>{permission}.read|create|update|delete</c>; returns the group,
    /// for the resource's other routes.
    /// </summary>
    public static RouteGroupBuilder MapResource(
        this IEndpointRouteBuilder builder,
        string path,
        string permission,
        Delegate index,
        Delegate create,
        Delegate show,
        Delegate update,
        Delegate destroy)
    {
        var group = builder.MapGroup(path);
        group.MapGet("", index).Requires($"{permission}.read");
        group.MapPost("", create).Requires($"{permission}.create");
        group.MapGet("/{id}", show).Requires($"{permission}.read");
        group.MapMethods("/{id}", ["PATCH", "PUT"], update).Requires($"{permission}.update");
        group.MapDelete("/{id}", destroy).Requires($"{permission}.delete");
        return group;
    }

    /// <summary>
    /// Maps a to-many relationship on <paramref name="path"/>: <c>GET</c> lists the related resources, <c>GET</c> on
    /// <c>{path}/{<paramref name="related"/>}</c> shows one, <c>POST</c> attaches and <c>DELETE</c> detaches (see
    /// <see cref="ToManyLinkage"/>); returns the group. <paramref name="permissions"/> names what reading, attaching and
    /// detaching require.
    /// </summary>
    public static RouteGroupBuilder MapToMany(this IEndpointRouteBuilder builder, string path, string related, Delegate index, Delegate show,
        Delegate attach, Delegate detach, (string Read, string Attach, string Detach) permissions)
    {
        var group = builder.MapGroup(path);
        group.MapGet("", index).Requires(permissions.Read);
        group.MapGet($"/{{{related}}}", show).Requires(permissions.Read);
        group.MapPost("", attach).Requires(permissions.Attach);
        group.MapDelete("", detach).Requires(permissions.Detach);
        return group;
    }

    /// <summary>
    /// Maps a to-one relationship on <paramref name="path"/>: <c>GET</c> shows the related resource, <c>PUT</c>/<c>PATCH</c>
    /// changes it (a <see cref="ToOneLinkage"/> body); each requires the permission named.
    /// </summary>
    public static void MapToOne(this IEndpointRouteBuilder builder, string path, Delegate show, Delegate change, (string Read, string Change) permissions)
    {
        builder.MapGet(path, show).Requires(permissions.Read);
        builder.MapMethods(path, ["PUT", "PATCH"], change).Requires(permissions.Change);
    }
}
