namespace LicenseServer.Core.Products;

/// <summary>Validation of product attributes, with Keygen's codes and pointers.</summary>
public static class ProductRules
{
    private const string Pointer = "/data/attributes";

    /// <summary>Throws every rule the product breaks, in this order, as one 422 "Unprocessable resource".</summary>
    public static async Task ValidateAsync(LicenseServerDb db, Product product, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (product.Name.Length == 0)
        {
            errors.Add($"{Pointer}/name", "NAME_MISSING", "can't be blank");
        }
        else if (product.Name.Length > 255)
        {
            errors.Add($"{Pointer}/name", "NAME_TOO_LONG", "is too long (maximum is 255 characters)");
        }

        if (!DistributionStrategies.All.Contains(product.DistributionStrategy))
        {
            errors.Add($"{Pointer}/distributionStrategy", "DISTRIBUTION_STRATEGY_NOT_ALLOWED", "unsupported distribution strategy");
        }

        if (product.Url is not null)
        {
            ValidateUrl(product.Url, ref errors);
        }

        if (product.Code is { } code)
        {
            if (code.Length == 0)
            {
                errors.Add($"{Pointer}/code", "CODE_TOO_SHORT", "is too short (minimum is 1 character)");
            }
            else if (code.Length > 255)
            {
                errors.Add($"{Pointer}/code", "CODE_TOO_LONG", "is too long (maximum is 255 characters)");
            }

            if (code is "action" or "actions" || Ids.LooksLikeUuid(code))
            {
                errors.Add($"{Pointer}/code", "CODE_NOT_ALLOWED", "is reserved");
            }

            var lower = code.ToLowerInvariant();
            var taken = await db.Products.AnyAsync(
                p => p.AccountId == product.AccountId && p.Id != product.Id && p.Code != null && p.Code.ToLower() == lower, ct);
            if (taken)
            {
                errors.Add($"{Pointer}/code", "CODE_TAKEN", "has already been taken");
            }
        }

        errors.ThrowIfAny();
    }

    private static void ValidateUrl(string url, ref ValidationErrors errors)
    {
        const string pointer = $"{Pointer}/url";
        if (url.Length > 255)
        {
            errors.Add(pointer, "URL_TOO_LONG", "is too long (maximum is 255 characters)");
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            errors.Add(pointer, "URL_INVALID", "must be a valid URL");
            return;
        }

        if (uri.Scheme is not ("http" or "https"))
        {
            errors.Add(pointer, "URL_PROTOCOL_INVALID", "must be a valid URL using one of the following protocols: https, http");
            return;
        }

        if (string.IsNullOrEmpty(uri.Host))
        {
            errors.Add(pointer, "URL_HOST_INVALID", "must be a valid URL with a host");
        }
    }
}
