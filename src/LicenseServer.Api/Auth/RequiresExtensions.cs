namespace LicenseServer.Api.Auth;

public static class RequiresExtensions
{
    /// <summary>Names the permissions the route needs (<see cref="RequiredPermissions"/>).</summary>
    public static TBuilder Requires<TBuilder>(this TBuilder builder, params string[] permissions)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(RequiredPermissions.Of(permissions));
}
