using System.Text;
using LicenseServer.Api.Configuration;
using LicenseServer.Core.Distribution.Storage;

namespace LicenseServer.Api.Artifacts;

/// <summary>
/// Chooses the artifact storage backend from <c>Distribution:Storage:Backend</c> (<c>Local</c>, the default, or <c>S3</c>)
/// and registers it as the one <see cref="IArtifactStorage"/>, with the distribution settings.
/// </summary>
public static class ArtifactStorageRegistration
{
    public const string StorageSection = DistributionOptions.Section + ":Storage";

    /// <summary>The default directory of the local backend, relative to the content root.</summary>
    public const string DefaultLocalPath = "data/artifacts";

    private const string SigningKeyPurpose = "licenseserver distribution storage url signing key v1";

    public static void AddArtifactStorage(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.Configure<DistributionOptions>(configuration.GetSection(DistributionOptions.Section));
        var storage = configuration.GetSection(StorageSection);
        var backend = storage["Backend"] is { Length: > 0 } configured ? configured : "Local";
        if (backend.Equals("S3", StringComparison.OrdinalIgnoreCase))
        {
            var settings = storage.GetSection("S3").Get<S3StorageSettings>() ?? new S3StorageSettings();
            services.AddSingleton<IArtifactStorage>(_ => new S3ArtifactStorage(settings));
            return;
        }

        if (!backend.Equals("Local", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Distribution:Storage:Backend must be Local or S3, not '{backend}'.");
        }

        var path = Path.Combine(contentRoot, storage["Local:Path"] is { Length: > 0 } local ? local : DefaultLocalPath);
        services.AddSingleton(sp => new StorageUrlSigner(SigningKey(configuration, sp.GetRequiredService<ServerKeyRing>())));
        services.AddSingleton(sp => new LocalArtifactStorage(path, sp.GetRequiredService<StorageUrlSigner>()));
        services.AddSingleton<IArtifactStorage>(sp => sp.GetRequiredService<LocalArtifactStorage>());
    }

    private static byte[] SigningKey(IConfiguration configuration, ServerKeyRing ring)
    {
        if (configuration[DistributionOptions.Section + ":SigningKey"] is not { Length: > 0 } configured)
        {
            return ring.Derive(SigningKeyPurpose);
        }

        return configured.Length >= 32
            ? Encoding.UTF8.GetBytes(configured)
            : throw new InvalidOperationException("Distribution:SigningKey must be at least 32 characters long.");
    }
}
