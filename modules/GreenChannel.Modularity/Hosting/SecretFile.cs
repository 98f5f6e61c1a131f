namespace GreenChannel.Modularity.Hosting;

/// <summary>
/// A secret the host keeps outside the database, base64 in a file readable by the host's account alone (a reader of
/// the database or its backups does not have it). Made on first use: written aside and moved into place, so two
/// processes starting together agree on one secret.
/// </summary>
public static class SecretFile
{
    public static byte[] LoadOrCreate(string path, Func<byte[]> create, int size, string what)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var aside = path + "." + Guid.NewGuid().ToString("N");
            File.WriteAllText(aside, Convert.ToBase64String(create()));
            File.SetUnixFileMode(aside, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            try
            {
                File.Move(aside, path, overwrite: false);
            }
            catch (IOException)
            {
                File.Delete(aside); // another process made it first: use theirs
            }
        }

        return Load(path, size, what) ?? throw new InvalidOperationException($"{what} {path} 不存在。");
    }

    /// <summary>The secret when the file exists (null when it does not); a file of the wrong size throws.</summary>
    public static byte[]? Load(string path, int size, string what)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var secret = Convert.FromBase64String(File.ReadAllText(path).Trim());
        return secret.Length == size ? secret : throw new InvalidOperationException($"{what} {path} 无效：须为 {size} 字节的 Base64。");
    }
}
