using System.Text;

namespace LicenseServer.Core.Common;

/// <summary>Key casing as Keygen does it: snake_case at rest, lowerCamelCase on the wire.</summary>
public static class Casing
{
    /// <summary>"maxMachines" → "max_machines", "Example Key" → "example_key", "max-machines" → "max_machines".</summary>
    public static string ToSnake(string key)
    {
        var sb = new StringBuilder(key.Length + 4);
        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            if (char.IsUpper(c))
            {
                var previous = i > 0 ? key[i - 1] : '\0';
                var next = i + 1 < key.Length ? key[i + 1] : '\0';
                var boundary = i > 0 && (char.IsLower(previous) || char.IsDigit(previous) || (char.IsUpper(previous) && char.IsLower(next)));
                if (boundary && sb.Length > 0 && sb[^1] != '_')
                {
                    sb.Append('_');
                }

                sb.Append(char.ToLowerInvariant(c));
            }
            else if (c is ' ' or '-')
            {
                if (sb.Length > 0 && sb[^1] != '_')
                {
                    sb.Append('_');
                }
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>"max_machines" → "maxMachines". Keys without underscores keep their letters.</summary>
    public static string ToCamel(string key)
    {
        if (key.IndexOf('_') < 0)
        {
            return key.Length > 0 && char.IsUpper(key[0]) ? char.ToLowerInvariant(key[0]) + key[1..] : key;
        }

        var sb = new StringBuilder(key.Length);
        var upperNext = false;
        foreach (var c in key)
        {
            if (c == '_')
            {
                upperNext = sb.Length > 0;
                continue;
            }

            sb.Append(upperNext ? char.ToUpperInvariant(c) : c);
            upperNext = false;
        }

        return sb.ToString();
    }

    /// <summary>The wire name of any input key: camelCase of its snake_case form.</summary>
    public static string Normalize(string key) => ToCamel(ToSnake(key));
}
