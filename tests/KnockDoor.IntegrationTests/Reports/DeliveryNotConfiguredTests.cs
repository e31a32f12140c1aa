using System.Net;
using System.Net.Http.Json;
using KnockDoor.Core.Deliveries;
using KnockDoor.IntegrationTests.Infrastructure;
using KnockDoor.Web.Features.Deliveries;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static KnockDoor.IntegrationTests.Visits.VisitTestKit;

namespace KnockDoor.IntegrationTests.Reports;

/// <summary>An app with no mail server and no robots configured (the defaults): e-mails are failed with the reason, never dropped; no robot posts are made.</summary>
public sealed class DeliveryNotConfiguredTests(Apps apps) : IClassFixture<Apps>
{
    [Theory, BothEngines]
    public async Task NoMailServer_TheAlertMailsAreFailedWithTheReason_AndNoRobotPostsAreMade(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var address = await DeliveryApps.NewEmailAsync(app, "ningxiang");
        using var officer = await app.SignInAsync("ningxiang");
        using var response = await officer.PostAsJsonAsync("/api/v1/hazards",
            new { orgUnitCode = TestData.NingxiangVillage, itemCode = "H05", description = "一氧化碳报警器报警", severity = "Critical" });
        var id = Guid.Parse((await response.ExpectAsync(HttpStatusCode.Created)).Str("id"));

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DeliveryDispatcher>().DispatchDueAsync(CancellationToken.None);
        }

        var rows = await WithDbAsync(app, db => db.Deliveries.AsNoTracking().Where(x => x.DedupeKey.StartsWith($"critical:{id:N}")).ToListAsync());
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(DeliveryChannel.Email, r.Channel));
        Assert.Contains(rows, r => r.Recipient == address);
        Assert.All(rows, r =>
        {
            Assert.Equal(DeliveryStatus.Failed, r.Status);
            Assert.Equal(1, r.Attempts);
            Assert.Equal(MailSender.NotConfigured, r.LastError);
        });
    }
}
