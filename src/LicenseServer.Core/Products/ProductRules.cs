using LicenseServer.Core.Common;
using LicenseServer.Core.Data;
using LicenseServer.Core.Errors;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Core.Products;

/// <summary>Validation of product attributes, with Keygen's codes and pointers.</summary>
public static class ProductRules
{
    private const string Pointer = "/data/attributes";

    public static async Task ValidateAsync(LicenseServerDb db, Product product, CancellationToken ct)
    {
        if (product.Name.Length == 0)
        {
            throw DomainError.Invalid($"{Pointer}/name", "NAME_MISSING", "can't be blank");
        }

        if (product.Name.Length > 255)
        {
            throw DomainError.Invalid($"{Pointer}/name", "NAME_TOO_LONG", "is too long (maximum is 255 characters)");
        }

        if (!DistributionStrategies.All.Contains(product.DistributionStrategy))
        {
            throw DomainError.Invalid($"{Pointer}/distributionStrategy", "DISTRIBUTION_STRATEGY_NOT_ALLOWED", "unsupported distribution strategy");
        }

        if (product.Url is not null)
        {
            ValidateUrl(product.Url);
        }

        if (product.Code is { } code)
        {
            if (code.Length == 0)
            {
                throw DomainError.Invalid($"{Pointer}/code", "CODE_TOO_SHORT", "is too short (minimum is 1 character)");
            }

            if (code.Length > 255)
            {
                throw DomainError.Invalid($"{Pointer}/code", "CODE_TOO_LONG", "is too long (maximum is 255 characters)");
            }

            if (code is "action" or "actions" || Ids.LooksLikeUuid(code))
            {
                throw DomainError.Invalid($"{Pointer}/code", "CODE_NOT_ALLOWED", "is reserved");
            }

            var lower = code.ToLowerInvariant();
            var taken = await db.Products.AnyAsync(
                p => p.AccountId == product.AccountId && p.Id != product.Id && p.Code != null && p.Code.ToLower() == lower, ct);
            if (taken)
            {
                throw DomainError.Invalid($"{Pointer}/code", "CODE_TAKEN", "has already been taken");
            }
        }
    }

    private static void ValidateUrl(string url)
    {
        const string pointer = $"{Pointer}/url";
        if (url.Length > 255)
        {
            throw DomainError.Invalid(pointer, "URL_TOO_LONG", "is too long (maximum is 255 characters)");
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            throw DomainError.Invalid(pointer, "URL_INVALID", "must be a valid URL");
        }

        if (uri.Scheme is not ("http" or "https"))
        {
            throw DomainError.Invalid(pointer, "URL_PROTOCOL_INVALID", "must be a valid URL using one of the following protocols: https, http");
        }

        if (string.IsNullOrEmpty(uri.Host))
        {
            throw DomainError.Invalid(pointer, "URL_HOST_INVALID", "must be a valid URL with a host");
        }
    }
}
