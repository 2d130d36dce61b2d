namespace LicenseServer.Core.Common;

/// <summary>
/// The size limits of request input, in one place. Every string a request carries is capped at
/// <see cref="String"/> by the request layer and every string array at <see cref="Items"/> entries of at
/// most <see cref="Text"/> characters unless its reader says otherwise; the validators hold the tighter
/// per-attribute limits (mostly <see cref="Text"/>). Too long is a 422 <c>&lt;ATTRIBUTE&gt;_TOO_LONG</c>.
/// </summary>
public static class Bounds
{
    /// <summary>Names, codes, e-mail addresses, hostnames, platforms and other short text.</summary>
    public const int Text = 255;

    /// <summary>Machine, component and process fingerprints.</summary>
    public const int Fingerprint = 4096;

    /// <summary>The longest string any attribute may hold (a custom license key): the ceiling for every string.</summary>
    public const int String = 16384;

    /// <summary>Entries of a string array attribute (product platforms, check-out includes).</summary>
    public const int Items = 100;

    /// <summary>Entries of a validation scope list (fingerprints, components, entitlements) and of webhook subscriptions.</summary>
    public const int ManyItems = 1000;
}
