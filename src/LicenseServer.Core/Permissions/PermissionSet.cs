namespace LicenseServer.Core.Permissions;

/// <summary>
/// A set of permission strings as bits (one per string of <see cref="Permissions.All"/>), so the check every request makes
/// is a couple of word operations. Immutable.
/// </summary>
public sealed class PermissionSet : IEquatable<PermissionSet>
{
    private const int Words = 3;

    private readonly ulong[] _bits;

    private PermissionSet(ulong[] bits) => _bits = bits;

    public static PermissionSet Empty { get; } = new(new ulong[Words]);

    /// <summary>The set of <paramref name="names"/>; strings that are not permissions are left out (see <see cref="Permissions.IsKnown"/>).</summary>
    public static PermissionSet Of(IEnumerable<string> names)
    {
        var bits = new ulong[Words];
        foreach (var name in names)
        {
            var bit = Permissions.BitOf(name);
            if (bit >= 0)
            {
                bits[bit >> 6] |= 1UL << (bit & 63);
            }
        }

        return new PermissionSet(bits);
    }

    public bool Contains(string name)
    {
        var bit = Permissions.BitOf(name);
        return bit >= 0 && (_bits[bit >> 6] & (1UL << (bit & 63))) != 0;
    }

    /// <summary>Whether every permission of <paramref name="other"/> is in this set.</summary>
    public bool ContainsAll(PermissionSet other)
    {
        for (var i = 0; i < Words; i++)
        {
            if ((other._bits[i] & ~_bits[i]) != 0)
            {
                return false;
            }
        }

        return true;
    }

    public PermissionSet Intersect(PermissionSet other) => Combine(other, (a, b) => a & b);

    public PermissionSet Except(PermissionSet other) => Combine(other, (a, b) => a & ~b);

    /// <summary>The strings of the set in byte order (made once per set).</summary>
    public IReadOnlyList<string> Names => field ??= Permissions.All.Where((_, bit) => (_bits[bit >> 6] & (1UL << (bit & 63))) != 0).ToList();

    public bool Equals(PermissionSet? other) => other is not null && _bits.AsSpan().SequenceEqual(other._bits);

    public override bool Equals(object? obj) => Equals(obj as PermissionSet);

    public override int GetHashCode() => HashCode.Combine(_bits[0], _bits[1], _bits[2]);

    private PermissionSet Combine(PermissionSet other, Func<ulong, ulong, ulong> op)
    {
        var bits = new ulong[Words];
        for (var i = 0; i < Words; i++)
        {
            bits[i] = op(_bits[i], other._bits[i]);
        }

        return new PermissionSet(bits);
    }
}
