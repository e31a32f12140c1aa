using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using KnockDoor.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace KnockDoor.IntegrationTests.Field;

/// <summary>
/// The phone app's shell, as the service worker precaches it: complete (every file of wwwroot/field and every
/// module they import), within the size budget, and never changed without a new version (phones serve the
/// shell from their cache until the version changes, so a change under the old version would never reach them).
/// </summary>
public sealed partial class FieldShellTests(Apps apps) : IClassFixture<Apps>
{
    /// <summary>The app shell, compressed, libraries included, photos excluded.</summary>
    private const int BudgetBytes = 150 * 1024;

    /// <summary>
    /// The version in wwwroot/field/version.js and the SHA-256 of the shell it was given to. When the shell changes,
    /// raise the version in version.js and put the new version and hash (the failure message shows them) here.
    /// </summary>
    private const string RecordedVersion = "field-6";
    private const string RecordedHash = "6d67f1da0ad3334a4b37ebd73e03f9dfab591d04b9e87d480a6e46ab38594b77";

    [GeneratedRegex(@"const Shell = \[(?<list>[^\]]*)\]", RegexOptions.Singleline)]
    private static partial Regex ShellList();

    [GeneratedRegex(@"'(?<url>/[^']+)'")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"(?:import|from)\s*'(?<spec>\.{1,2}/[^']+)'")]
    private static partial Regex Import();

    [GeneratedRegex(@"KnockDoorFieldVersion = '(?<v>[^']+)'")]
    private static partial Regex Version();

    private static async Task<(List<string> Urls, Dictionary<string, byte[]> Files)> ShellAsync(KdApp app)
    {
        using var client = app.Anonymous();
        var sw = await client.GetStringAsync("/field/sw.js");
        var list = ShellList().Match(sw);
        Assert.True(list.Success, "sw.js has no `const Shell = [...]`.");
        var urls = Quoted().Matches(list.Groups["list"].Value).Select(m => m.Groups["url"].Value).ToList();
        var files = new Dictionary<string, byte[]>();
        foreach (var url in urls)
        {
            using var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} of the shell answers {(int)response.StatusCode}.");
            files[url] = await response.Content.ReadAsByteArrayAsync();
        }
        return (urls, files);
    }

    [Theory, BothEngines]
    public async Task Shell_EveryAppFileAndImportIsPrecached(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var (urls, files) = await ShellAsync(app);
        var shell = urls.ToHashSet();

        var root = Path.Combine(app.Services.GetRequiredService<IWebHostEnvironment>().WebRootPath, "field");
        foreach (var path in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var url = "/field/" + Path.GetRelativePath(root, path).Replace('\\', '/');
            if (url != "/field/sw.js")
            {
                Assert.Contains(url, shell);
            }
        }
        foreach (var (url, bytes) in files.Where(f => f.Key.EndsWith(".js", StringComparison.Ordinal)))
        {
            foreach (Match m in Import().Matches(Encoding.UTF8.GetString(bytes)))
            {
                var imported = new Uri(new Uri("http://app" + url), m.Groups["spec"].Value).AbsolutePath;
                Assert.True(shell.Contains(imported), $"{url} imports {imported}, which the service worker does not precache.");
            }
        }
    }

    [Theory, BothEngines]
    public async Task Shell_CompressedWithinBudget(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var (_, files) = await ShellAsync(app);

        long gzip = 0;
        foreach (var bytes in files.Values)
        {
            using var buffer = new MemoryStream();
            using (var zip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
            {
                zip.Write(bytes);
            }
            gzip += buffer.Length;
        }
        Assert.True(gzip <= BudgetBytes, $"The shell is {gzip / 1024.0:F1} KB with gzip, over the {BudgetBytes / 1024} KB budget.");
    }

    [Theory, BothEngines]
    public async Task Shell_ChangedFiles_CarryANewVersion(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var (urls, files) = await ShellAsync(app);
        var version = Version().Match(Encoding.UTF8.GetString(files["/field/version.js"])).Groups["v"].Value;

        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var url in urls.Order(StringComparer.Ordinal))
        {
            sha.AppendData(Encoding.UTF8.GetBytes(url + "\n"));
            // Text as checked out on any machine (CRLF or LF); images as they are.
            var bytes = files[url];
            sha.AppendData(url.EndsWith(".png", StringComparison.Ordinal) ? bytes : Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes).Replace("\r\n", "\n")));
        }
        var hash = Convert.ToHexStringLower(sha.GetHashAndReset());

        if (version == RecordedVersion && hash == RecordedHash)
        {
            return;
        }
        Assert.Fail(version == RecordedVersion && RecordedHash.Length > 0
            ? $"The shell changed but version.js still says {version}: phones would keep the old files. Raise the version in version.js; this test then shows what to record."
            : $"Record the shell in {nameof(FieldShellTests)}: RecordedVersion = \"{version}\", RecordedHash = \"{hash}\".");
    }
}
