namespace LicenseServer.Core.Licenses;

/// <summary>
/// A policy's expiration bases (resources.md §9, §11): the event that starts a new license's clock. The one home of the
/// rule is <see cref="License.ExpiryStartedBy"/>: each event asks it whether it starts the expiry.
/// </summary>
public static class ExpirationBasis
{
    /// <summary>The expiry is set when the license is created.</summary>
    public const string FromCreation = "FROM_CREATION";

    /// <summary>The expiry is set by the license's first (non-quick) validation.</summary>
    public const string FromFirstValidation = "FROM_FIRST_VALIDATION";

    /// <summary>The expiry is set by the license's first machine activation.</summary>
    public const string FromFirstActivation = "FROM_FIRST_ACTIVATION";

    /// <summary>The expiry is set by the license's first release download (no downloads are served here).</summary>
    public const string FromFirstDownload = "FROM_FIRST_DOWNLOAD";

    /// <summary>The expiry is set by the license's first usage increment.</summary>
    public const string FromFirstUse = "FROM_FIRST_USE";
}
