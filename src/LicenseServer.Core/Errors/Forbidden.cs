namespace LicenseServer.Core.Errors;

/// <summary>
/// The one-line form of an access check: <c>Forbidden.Unless(LicenseAccess.CanRenew(bearer, license));</c> throws the
/// standard 403 when the access rule says no.
/// </summary>
public static class Forbidden
{
    /// <summary>Throws <see cref="DomainError.Forbidden"/> (403, the generic detail) unless <paramref name="allowed"/>.</summary>
    public static void Unless(bool allowed)
    {
        if (!allowed)
        {
            throw DomainError.Forbidden();
        }
    }
}
