using System.Net;
using KnockDoor.Core.Checklists;
using KnockDoor.IntegrationTests.Infrastructure;
using static KnockDoor.IntegrationTests.Visits.VisitTestKit;

namespace KnockDoor.IntegrationTests.Visits;

/// <summary>The office pages of visits, as the browser gets them.</summary>
public sealed class VisitPageTests(Apps apps) : IClassFixture<Apps>
{
    [Theory, BothEngines]
    public async Task Details_ShowsItemsOfItsTemplate_HazardHighlighted_AndPendingAndNotifications(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var (templateId, definition) = await CurrentTemplateAsync(app, ChecklistKind.Household);
        var targetId = await NewTargetAsync(app);
        using var worker = await app.SignInAsync("worker");
        var answers = SafeAnswers(definition).Where(a => (string)a["code"]! != "H13").ToList();
        answers.Add(Answer("H13", "Yes", fixedOnSpot: true, note: "已开窗熄火"));
        var visit = await worker.PostVisitAsync(Household(app, templateId, targetId, answers));
        var deceased = Household(app, templateId, targetId, [], outcome: "Deceased");
        var pending = await worker.PostVisitAsync(deceased);
        using var officer = await app.SignInAsync("ningxiang");

        var details = await officer.GetStringAsync($"/Visits/Details/{visit.Str("id")}");
        var pendingPage = await officer.GetStringAsync("/Visits/Pending");
        var notifications = await officer.GetStringAsync("/Notifications");
        using var hidden = await officer.GetAsync($"/Visits/Details/{Guid.NewGuid()}");

        Assert.Contains(definition.AllItems.Single(i => i.Code == "H13").Text, details, StringComparison.Ordinal);
        Assert.Contains("class=\"hazard\"", details, StringComparison.Ordinal);
        Assert.Contains("现场已整改", details, StringComparison.Ordinal);
        Assert.Contains("已开窗熄火", details, StringComparison.Ordinal);
        Assert.Contains($"/api/v1/visits/{visit.Str("id")}/signature.png", details, StringComparison.Ordinal);
        Assert.Contains($"/Visits/Details/{pending.Str("id")}", pendingPage, StringComparison.Ordinal);
        Assert.Contains($"/Visits/Details/{visit.Str("id")}", notifications, StringComparison.Ordinal);
        Assert.Matches("通知\\([1-9][0-9]*\\)", notifications);
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
    }

    [Theory, BothEngines]
    public async Task InspectForm_ShowsTheInstitutionChecklistWithAVisitId_OtherInstitution404(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var (_, definition) = await CurrentTemplateAsync(app, ChecklistKind.Institution);
        using var xingfu = await app.SignInAsync("xingfu");

        var form = await xingfu.GetStringAsync($"/Institutions/Inspect/{Xingfu}");
        using var other = await xingfu.GetAsync($"/Institutions/Inspect/{Zhiyuan}");

        Assert.Contains("name=\"VisitId\"", form, StringComparison.Ordinal);
        Assert.All(definition.AllItems, i => Assert.Contains($"name=\"a_{i.Code}\"", form, StringComparison.Ordinal));
        Assert.Contains("hazard-choice", form, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }
}
