using System.Text;
using System.Text.RegularExpressions;

namespace LicenseServer.Core.Users;

/// <summary>Attribute rules of users, shared by sign-up, setup and the users resource.</summary>
public static partial class UserRules
{
    public const int MinPasswordBytes = 6;
    public const int MaxPasswordBytes = 72;

    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    /// <summary>
    /// Validates e-mail, names and password, reporting every broken rule in this order; <paramref name="pointer"/> is the
    /// attributes object.
    /// </summary>
    public static void Validate(string email, string? firstName, string? lastName, string? password, string pointer)
    {
        var errors = new ValidationErrors();
        if (email.Length == 0)
        {
            errors.Add($"{pointer}/email", "EMAIL_MISSING", "can't be blank");
        }
        else if (email.Length > 255)
        {
            errors.Add($"{pointer}/email", "EMAIL_TOO_LONG", "is too long (maximum is 255 characters)");
        }
        else if (!EmailPattern().IsMatch(email))
        {
            errors.Add($"{pointer}/email", "EMAIL_INVALID", "must be a valid email");
        }

        if (firstName is { Length: > 255 })
        {
            errors.Add($"{pointer}/firstName", "FIRST_NAME_TOO_LONG", "is too long (maximum is 255 characters)");
        }

        if (lastName is { Length: > 255 })
        {
            errors.Add($"{pointer}/lastName", "LAST_NAME_TOO_LONG", "is too long (maximum is 255 characters)");
        }

        if (password is not null)
        {
            ValidatePassword(password, $"{pointer}/password", ref errors);
        }

        errors.ThrowIfAny();
    }

    public static void ValidatePassword(string password, string pointer)
    {
        var errors = new ValidationErrors();
        ValidatePassword(password, pointer, ref errors);
        errors.ThrowIfAny();
    }

    private static void ValidatePassword(string password, string pointer, ref ValidationErrors errors)
    {
        var bytes = Encoding.UTF8.GetByteCount(password);
        if (bytes < MinPasswordBytes)
        {
            errors.Add(pointer, "PASSWORD_TOO_SHORT", $"is too short (minimum is {MinPasswordBytes} characters)");
        }
        else if (bytes > MaxPasswordBytes)
        {
            errors.Add(pointer, "PASSWORD_TOO_LONG", $"is too long (maximum is {MaxPasswordBytes} characters)");
        }
    }

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();
}
