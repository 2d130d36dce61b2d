using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace LicenseServer.Core.Common;

/// <summary>
/// The server keys that encrypt secrets at rest (the accounts' private signing keys). A sealed value is
/// <c>enc:v1:&lt;key id&gt;:&lt;base64(nonce | ciphertext | tag)&gt;</c>, AES-256-GCM with the value's context (the row
/// and column it belongs to) as associated data, so a sealed value copied to another row does not open. New values
/// are sealed with the current key; any known key opens. A value without the prefix is plain text from before
/// encryption and is returned as it is. Opened values are cached: each is decrypted once per process.
/// </summary>
public sealed class ServerKeyRing
{
    public const int KeyBytes = 32;
    private const string Prefix = "enc:v1:";
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private const int MaxCached = 30_000;

    private readonly Dictionary<string, byte[]> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Context, string Plain)> _opened = new(StringComparer.Ordinal);

    /// <param name="current">Seals new values (and opens them).</param>
    /// <param name="previous">Older keys that still open what they sealed (during a rotation).</param>
    public ServerKeyRing(byte[] current, IEnumerable<byte[]> previous)
    {
        CurrentId = Add(current);
        foreach (var key in previous)
        {
            Add(key);
        }
    }

    /// <summary>The id of the key that seals new values: the first 8 hex digits of the key's SHA-256.</summary>
    public string CurrentId { get; }

    /// <summary>The ids of every key this ring knows, the current one first.</summary>
    public IReadOnlyCollection<string> KeyIds => _keys.Keys;

    public static string IdOf(byte[] key) => Convert.ToHexStringLower(SHA256.HashData(key))[..8];

    /// <summary>A new random server key.</summary>
    public static byte[] NewKey() => RandomNumberGenerator.GetBytes(KeyBytes);

    public static bool IsSealed(string stored) => stored.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The key id a sealed value names, or null for plain text.</summary>
    public static string? KeyIdOf(string stored)
    {
        if (!IsSealed(stored))
        {
            return null;
        }

        var end = stored.IndexOf(':', Prefix.Length);
        return end < 0 ? string.Empty : stored[Prefix.Length..end];
    }

    /// <summary>True when <paramref name="stored"/> is sealed with the current key (nothing to re-encrypt).</summary>
    public bool IsSealedWithCurrent(string stored) => KeyIdOf(stored) == CurrentId;

    public string Seal(string plain, string context)
    {
        var key = _keys[CurrentId];
        var plainBytes = Encoding.UTF8.GetBytes(plain);
        var sealedBytes = new byte[NonceBytes + plainBytes.Length + TagBytes];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(key, TagBytes))
        {
            aes.Encrypt(nonce, plainBytes, sealedBytes.AsSpan(NonceBytes, plainBytes.Length),
                sealedBytes.AsSpan(NonceBytes + plainBytes.Length), Encoding.UTF8.GetBytes(context));
        }

        CryptographicOperations.ZeroMemory(plainBytes);
        return $"{Prefix}{CurrentId}:{Convert.ToBase64String(sealedBytes)}";
    }

    /// <summary>
    /// A key for another purpose derived from the current server key (HKDF-SHA256 with <paramref name="purpose"/> as its
    /// info): every node with the same server key derives the same one, and nothing more needs to be kept or backed up.
    /// </summary>
    public byte[] Derive(string purpose) => HKDF.DeriveKey(HashAlgorithmName.SHA256, _keys[CurrentId], KeyBytes, info: Encoding.UTF8.GetBytes(purpose));

    /// <summary>The plain value of <paramref name="stored"/> (plain text passes through).</summary>
    /// <exception cref="ServerKeyException">No known key opens it.</exception>
    public string Open(string stored, string context)
    {
        if (!IsSealed(stored))
        {
            return stored;
        }

        if (_opened.TryGetValue(stored, out var cached) && cached.Context == context)
        {
            return cached.Plain;
        }

        var plain = Decrypt(stored, context);
        if (_opened.Count >= MaxCached)
        {
            _opened.Clear();
        }

        _opened[stored] = (context, plain);
        return plain;
    }

    private string Decrypt(string stored, string context)
    {
        var id = KeyIdOf(stored)!;
        if (!_keys.TryGetValue(id, out var key))
        {
            throw new ServerKeyException(
                $"A value is encrypted with server key {id}, which is not configured (known: {string.Join(", ", _keys.Keys)}).");
        }

        byte[] sealedBytes;
        try
        {
            sealedBytes = Convert.FromBase64String(stored[(Prefix.Length + id.Length + 1)..]);
        }
        catch (FormatException)
        {
            throw new ServerKeyException($"A value encrypted with server key {id} is damaged.");
        }

        if (sealedBytes.Length < NonceBytes + TagBytes)
        {
            throw new ServerKeyException($"A value encrypted with server key {id} is damaged.");
        }

        var plainBytes = new byte[sealedBytes.Length - NonceBytes - TagBytes];
        try
        {
            using var aes = new AesGcm(key, TagBytes);
            aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes, plainBytes.Length),
                sealedBytes.AsSpan(NonceBytes + plainBytes.Length), plainBytes, Encoding.UTF8.GetBytes(context));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new ServerKeyException(
                $"A value encrypted with server key {id} does not open with that key (a different key with the same id, or a changed value).");
        }

        var plain = Encoding.UTF8.GetString(plainBytes);
        CryptographicOperations.ZeroMemory(plainBytes);
        return plain;
    }

    private string Add(byte[] key)
    {
        if (key.Length != KeyBytes)
        {
            throw new ServerKeyException($"A server key must be {KeyBytes} bytes (base64 of 32 random bytes); one is {key.Length}.");
        }

        var id = IdOf(key);
        _keys.TryAdd(id, key.ToArray());
        return id;
    }
}

/// <summary>A server key is missing, malformed or does not open what is stored.</summary>
public sealed class ServerKeyException(string message) : Exception(message);
