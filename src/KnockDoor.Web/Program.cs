using System.Text.Json.Serialization;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Accounts;
using KnockDoor.Web.Features.Auditing;
using KnockDoor.Web.Features.Campaigns;
using KnockDoor.Web.Features.Checklists;
using KnockDoor.Web.Features.Coverage;
using KnockDoor.Web.Features.Deliveries;
using KnockDoor.Web.Features.Demo;
using KnockDoor.Web.Features.Devices;
using KnockDoor.Web.Features.Hazards;
using KnockDoor.Web.Features.Health;
using KnockDoor.Web.Features.Institutions;
using KnockDoor.Web.Features.Meals;
using KnockDoor.Web.Features.Notifications;
using KnockDoor.Web.Features.OrgUnits;
using KnockDoor.Web.Features.Patrols;
using KnockDoor.Web.Features.Plans;
using KnockDoor.Web.Features.Printing;
using KnockDoor.Web.Features.Reports;
using KnockDoor.Web.Features.Sync;
using KnockDoor.Web.Features.Targets;
using KnockDoor.Web.Features.Visits;
using KnockDoor.Web.Features.Weather;
using KnockDoor.Web.Infrastructure;
using Microsoft.AspNetCore.Http.Features;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddKnockDoorDatabase(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddKnockDoorAuth();
builder.Services.AddHttpContextAccessor();
builder.Services.AddScoped<AuditLog>();
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
builder.Services.AddKnockDoorCompression();
builder.Services.AddOpenApi("v1", o => o.AddDocumentTransformer((doc, _, _) =>
{
    doc.Info.Title = "KnockDoor 敲门行动 API";
    doc.Info.Version = "v1";
    return Task.CompletedTask;
}));
builder.Services.ConfigureHttpJsonOptions(o =>
{
    o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
    o.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
});
builder.Services.AddRazorPages(o =>
{
    o.Conventions.AllowAnonymousToPage("/Account/Login");
    o.Conventions.AllowAnonymousToPage("/Error");
});
// Razor escapes every non-ASCII character by default (宁 becomes &#x5B81;): Chinese pages would be three
// times heavier on a weak rural connection. Markup-significant characters are still escaped.
builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
    o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
builder.Services.AddAntiforgery(o => o.HeaderName = "X-CSRF-TOKEN");
// A body that can't be read becomes an exception, so that it gets the same ProblemDetails as every other failure.
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
var maxUpload = builder.Configuration.GetValue("Import:MaxFileMegabytes", 50) * 1024L * 1024L;
builder.Services.Configure<FormOptions>(o => o.MultipartBodyLengthLimit = maxUpload);
builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = maxUpload + 1024 * 1024);

builder.Services.AddOrgUnits();
builder.Services.AddAccounts();
builder.Services.AddScoped<TemplatePublisher>();
builder.Services.AddTargets();
builder.Services.AddPlans();
builder.Services.AddCoverage();
builder.Services.AddVisits();
builder.Services.AddHazards();
builder.Services.AddDailyReports();
// The outbox (e-mail, DingTalk, WeCom) and the daily report's reminders, missing list and county table mail (Mail:*, Reports:*).
builder.Services.AddDeliveries(builder.Configuration);
// Deadline reminders every few minutes (Hazards:Reminders, Hazards:ReminderCheckMinutes, Hazards:ReminderTime).
builder.Services.AddHostedService<HazardReminderJob>();
builder.Services.AddHostedService<SqliteStatistics>();
builder.Services.AddDemo(builder.Configuration);
builder.Services.AddPrinting();
builder.Services.AddDevices();
builder.Services.AddSync();
builder.Services.AddConflicts();
builder.Services.AddInstitutionRecords();
builder.Services.AddStreetPatrols();
builder.Services.AddMeals();
builder.Services.AddWeather();

var app = builder.Build();

// Commands run instead of the server: `dotnet run --project src/KnockDoor.Web -- create-admin ...`.
if (args.Length > 0 && Commands.IsCommand(args[0]))
{
    return await Commands.RunAsync(app, args);
}

await Database.MigrateAsync(app.Services);
await DemoSeeder.SeedIfEnabledAsync(app.Services);
await TemplateDefaults.EnsureAsync(app.Services);

app.UseExceptionHandler();
app.UseStatusCodePages(async ctx =>
{
    var http = ctx.HttpContext;
    if (http.Request.Path.StartsWithSegments("/api") && !http.Response.HasStarted && http.Response.ContentLength is null)
    {
        var problem = http.Response.StatusCode switch
        {
            400 => Problems.InvalidBody,
            401 => Problems.Unauthenticated,
            403 => Problems.Forbidden,
            404 => Problems.NotFound,
            _ => null,
        };
        if (problem is not null)
        {
            await problem.ToResult().ExecuteAsync(http);
        }
    }
});
// /field/ (the phone app) is a folder of static files with an index.html.
app.UseDefaultFiles();
app.UseKnockDoorCompression();
app.UseStaticFiles();
app.UseAuthentication();
app.UseAuthorization();
// Endpoints with a limit of their own (the public lead page: Leads:PermitLimit per Leads:WindowMinutes per IP).
app.UseRateLimiter();
app.UsePasswordChangeGate();
app.UseAntiforgery();

app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
app.MapHealth();
var api = app.MapGroup("/api/v1").DisableAntiforgery();
api.MapAuthApi();
api.MapOrgUnitApi();
api.MapCampaignApi();
api.MapAccountApi();
api.MapTargetApi();
api.MapAuditApi();
api.MapTemplateApi();
api.MapPlanApi();
api.MapCoverageApi();
api.MapVisitApi();
api.MapHazardApi();
api.MapDailyReportApi();
api.MapConflictApi();
api.MapNotificationApi();
api.MapPrintingApi();
api.MapSyncApi();
api.MapDeviceApi();
api.MapInstitutionRecordApi();
api.MapStreetPatrolApi();
api.MapMealApi();
api.MapWeatherApi();
app.MapRazorPages();

app.Logger.LogInformation("KnockDoor 敲门行动 is ready: {Provider} database", Database.ProviderFrom(app.Configuration));
await app.RunAsync();
return 0;

/// <summary>The entry point, visible to the test host.</summary>
public partial class Program;
