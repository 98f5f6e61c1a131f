namespace GreenChannel.Testing;

/// <summary>Folders of the repository, found upwards from the test binaries.</summary>
public static class RepositoryPaths
{
    /// <summary>The folder holding GreenChannel.sln.</summary>
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GreenChannel.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("找不到仓库根目录（GreenChannel.sln）。");
    }

    /// <summary>host/GreenChannel.Host: the content root of the web host.</summary>
    public static string HostProject() => Path.Combine(Root(), "host", "GreenChannel.Host");
}
