using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace KnockDoor.IntegrationTests.Infrastructure;

/// <summary>
/// The real app on its own fresh database, seeded with the demo county (中阳县 141129) and a few
/// hundred synthetic people. In-process (TestServer) by default; on a real Kestrel port for the browser.
/// </summary>
public sealed class KdApp : WebApplicationFactory<Program>
{
    public const string DemoPassword = "Demo#2024";
    public const int DemoTargets = 200;

    private readonly TestDatabase _database;
    private readonly bool _kestrel;
    private readonly bool _clockGiven;
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly bool _ownsDatabase;

    /// <param name="clock">The app's clock; by default one of its own, still at the real time of start (see <see cref="Clock"/>).
    /// A Kestrel app keeps the system clock unless one is given.</param>
    /// <param name="settings">Settings over the tests' defaults (e.g. the mail server of a test).</param>
    /// <param name="ownsDatabase">False for a second app on another's database (a second server instance): it leaves the database to the first.</param>
    public KdApp(TestDatabase database, bool kestrel = false, FakeTimeProvider? clock = null, IReadOnlyDictionary<string, string?>? settings = null,
        bool ownsDatabase = true)
    {
        _database = database;
        _kestrel = kestrel;
        _clockGiven = clock is not null;
        _settings = settings ?? new Dictionary<string, string?>();
        _ownsDatabase = ownsDatabase;
        Clock = clock ?? new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        if (kestrel)
        {
            UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        }
    }

    public Engine Engine => _database.Engine;

    public TestDatabase Database => _database;

    /// <summary>
    /// The app's clock (in-process apps, and Kestrel apps given one): the real time at start, to the whole second, and then still,
    /// so that timestamps the app writes can be compared exactly. Shared by the tests of a class: never moved
    /// (a test that needs a moving clock gives the app its own).
    /// </summary>
    public FakeTimeProvider Clock { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:Provider", _database.Provider);
        builder.UseSetting("ConnectionStrings:Default", _database.ConnectionString);
        builder.UseSetting("Demo:Enabled", "true");
        builder.UseSetting("Demo:Targets", DemoTargets.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // No demo visit plan: the tests make the assignments they count.
        builder.UseSetting("Demo:Plan", "false");
        // No background reminders: the tests call HazardReminders.SendDueAsync at the instants they choose.
        builder.UseSetting("Hazards:Reminders", "false");
        // No daily-report jobs nor dispatcher in the background: the tests that want them turn them on.
        builder.UseSetting("Reports:Jobs", "false");
        builder.UseSetting("Reports:Deliveries:Dispatch", "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // EF logs the missing history table of an empty database as an error before the first migration.
        builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command", "Critical");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        if (!_kestrel || _clockGiven)
        {
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
        }
    }

    /// <summary>Starts the app (migrations and demo seeding run here).</summary>
    public void Start()
    {
        if (_kestrel)
        {
            StartServer();
        }
        else
        {
            _ = Server;
        }
    }

    /// <summary>The root address of the Kestrel server.</summary>
    public Uri RootUri
    {
        get
        {
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()
                ?? throw new InvalidOperationException("The server has no addresses.");
            return new Uri(addresses.Addresses.First());
        }
    }

    public HttpClient Anonymous()
    {
        if (_kestrel)
        {
            return new HttpClient { BaseAddress = RootUri };
        }
        return CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
    }

    /// <summary>Signs in through the API and returns a client that sends the bearer token.</summary>
    public async Task<HttpClient> SignInAsync(string userName, string password = DemoPassword)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(userName, password));
        return client;
    }

    public async Task<string> TokenAsync(string userName, string password = DemoPassword)
    {
        using var client = Anonymous();
        using var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName, password });
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"Sign-in of {userName} failed: {(int)response.StatusCode} {body}");
        }
        using var json = System.Text.Json.JsonDocument.Parse(body);
        return json.RootElement.GetProperty("accessToken").GetString()
            ?? throw new InvalidOperationException("The sign-in response has no accessToken.");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsDatabase)
        {
            await _database.DisposeAsync();
        }
    }
}
