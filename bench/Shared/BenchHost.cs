namespace KnockDoor.Bench;

/// <summary>What every benchmark that starts the real app needs: the web project's folder as its content root.</summary>
internal static class BenchHost
{
    /// <summary>The test host would look for the content root beside the solution file; point it at src/KnockDoor.Web.</summary>
    public static void UseWebContentRoot() =>
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_KNOCKDOOR_WEB", ContentRoot());

    private static string ContentRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var web = Path.Combine(dir.FullName, "src", "KnockDoor.Web");
            if (File.Exists(Path.Combine(dir.FullName, "KnockDoor.slnx")) && Directory.Exists(web))
            {
                return web;
            }
        }
        return AppContext.BaseDirectory;
    }
}
