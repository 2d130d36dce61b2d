using LicenseServer.Api.Environments;
using LicenseServer.Api.Licenses;
using LicenseServer.Api.Products;
using LicenseServer.Api.Tokens;
using LicenseServer.Api.Users;
using LicenseServer.Core.Tokens;

namespace LicenseServer.Api.Profile;

/// <summary><c>GET /me</c> and <c>GET /profile</c>: the authenticated bearer's own document.</summary>
public static class ProfileEndpoints
{
    public static void Map(IEndpointRouteBuilder account)
    {
        account.MapGet("/me", Me);
        account.MapGet("/profile", Profile);
    }

    /// <summary>The bearer, with the token used (if any) in <c>included</c>.</summary>
    private static IResult Me(Caller caller, TimeProvider clock)
    {
        var bearer = caller.Bearer;
        var now = clock.GetUtcNow().UtcDateTime;
        return new JsonApiResult(StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("data");
            WriteBearer(w, bearer, now);
            if (bearer.Token is { } token)
            {
                token.Holder ??= TokenHolder.Of(bearer);
                w.WriteStartArray("included");
                TokenSerializer.Write(w, token);
                w.WriteEndArray();
            }

            w.WriteEndObject();
        });
    }

    /// <summary>The bearer, with <c>meta.tokenId</c>.</summary>
    private static IResult Profile(Caller caller, TimeProvider clock)
    {
        var bearer = caller.Bearer;
        var now = clock.GetUtcNow().UtcDateTime;
        return new JsonApiResult(StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("data");
            WriteBearer(w, bearer, now);
            w.WriteStartObject("meta");
            if (bearer.Token is { } token)
            {
                token.Holder ??= TokenHolder.Of(bearer);
                w.WriteString("tokenId", token.Id);
            }
            else
            {
                w.WriteNull("tokenId");
            }

            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    private static void WriteBearer(Utf8JsonWriter w, Bearer bearer, DateTime now)
    {
        if (bearer.User is { } user)
        {
            UserSerializer.Write(w, user, now);
        }
        else if (bearer.Product is { } product)
        {
            ProductSerializer.Write(w, product);
        }
        else if (bearer.License is { } license)
        {
            LicenseSerializer.Write(w, license, now);
        }
        else if (bearer.Environment is { } environment)
        {
            EnvironmentSerializer.Write(w, environment);
        }
        else
        {
            throw new DomainError(ErrorKind.NotFound, "The requested bearer was not found", "NOT_FOUND");
        }
    }
}
