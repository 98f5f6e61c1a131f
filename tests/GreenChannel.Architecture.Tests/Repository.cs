namespace GreenChannel.Architecture.Tests;

internal static class Repository
{
    /// <summary>The folder holding GreenChannel.sln, found upwards from the test binaries.</summary>
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GreenChannel.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("找不到仓库根目录");
    }
}
