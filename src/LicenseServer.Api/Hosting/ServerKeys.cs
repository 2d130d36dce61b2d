namespace LicenseServer.Api.Hosting;

/// <summary>
/// The server key that encrypts the accounts' private signing keys at rest (<see cref="ServerKeyRing"/>), from the
/// <c>Secrets</c> settings: <c>Key</c> (base64 of 32 bytes), else <c>KeyFile</c> (a file holding that base64, created
/// with mode 0600 on first start when absent), and <c>PreviousKeys</c> (comma-separated base64 keys that still decrypt,
/// for a rotation). Further lines of the key file are previous keys too.
/// </summary>
public static class ServerKeys
{
    public const string Section = "Secrets";

    public static ServerKeyRing Load(IConfiguration configuration)
    {
        if (Microsoft.EntityFrameworkCore.EF.IsDesignTime)
        {
            // `dotnet ef` builds the host to find the model; it never reads an account.
            return new ServerKeyRing(ServerKeyRing.NewKey(), []);
        }

        var section = configuration.GetSection(Section);
        var previous = Split(section["PreviousKeys"]).Select(k => Decode(k, "Secrets:PreviousKeys")).ToList();
        if (section["Key"] is { Length: > 0 } key)
        {
            return new ServerKeyRing(Decode(key, "Secrets:Key"), previous);
        }

        if (section["KeyFile"] is { Length: > 0 } path)
        {
            var lines = ReadOrCreate(path);
            var keys = lines.Select(line => Decode(line, $"the key file {path}")).ToList();
            return new ServerKeyRing(keys[0], keys.Skip(1).Concat(previous));
        }

        throw new ServerKeyException(
            "No server key is configured: set Secrets__KeyFile (a file that is created on first start; back it up) or Secrets__Key " +
            "(base64 of 32 random bytes, e.g. `openssl rand -base64 32`). It encrypts the accounts' private signing keys.");
    }

    private static List<string> ReadOrCreate(string path)
    {
        if (!File.Exists(path))
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }

            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            try
            {
                using var writer = new StreamWriter(path, System.Text.Encoding.ASCII, options);
                writer.WriteLine(Convert.ToBase64String(ServerKeyRing.NewKey()));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another node created it first; use that one.
            }
        }

        var lines = Split(File.ReadAllText(path));
        return lines.Count > 0 ? lines : throw new ServerKeyException($"The server key file {path} is empty.");
    }

    private static List<string> Split(string? text) =>
        (text ?? string.Empty).Split([',', '\n', '\r', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries).ToList();

    private static byte[] Decode(string base64, string where)
    {
        try
        {
            var key = Convert.FromBase64String(base64);
            if (key.Length == ServerKeyRing.KeyBytes)
            {
                return key;
            }
        }
        catch (FormatException)
        {
        }

        throw new ServerKeyException($"A server key in {where} is not base64 of {ServerKeyRing.KeyBytes} bytes.");
    }
}
