using KnockDoor.Core.Common;
using KnockDoor.Core.Duties;
using KnockDoor.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static KnockDoor.IntegrationTests.Meals.MealKit;
using static KnockDoor.IntegrationTests.Visits.VisitTestKit;

namespace KnockDoor.IntegrationTests.Meals;

/// <summary>The township officer, on a 360 px phone, marks a meal 送达 on the day's list, then corrects it to 不在家.</summary>
public sealed class MealBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Theory, BothEngines]
    public async Task OfficerOnAPhone_MarksADelivery_TheRowShowsIt_AndACorrectionKeepsOneRow(Engine engine)
    {
        var app = await fixture.AppAsync(engine);
        var place = await SeedAsync(app, people: 2);
        // The Kestrel app runs on the system clock.
        var today = ChinaTime.DayOf(DateTimeOffset.UtcNow);
        using (var officerApi = await AsAsync(app, place.OfficerUser))
        {
            foreach (var person in place.People)
            {
                using var r = await AddAsync(officerApi, place.Centre, person);
                await r.ExpectAsync(System.Net.HttpStatusCode.Created);
            }
            await SwitchOnAsync(officerApi, place.Centre, today.AddDays(-1), today.AddDays(1));
        }

        await using var context = await fixture.ContextAsync(app, BrowserPages.Phone);
        var phone = await context.NewPageAsync();
        await phone.SignInAsync(place.OfficerUser, TestData.AccountPassword);
        await phone.Locator("label.nav-toggle-label").ClickAsync();
        await phone.Locator("nav a[href='/Meals']").ClickAsync();
        await phone.Locator($"#meal-centres a[href='/Meals/Centre/{place.Centre}']").ClickAsync();
        await phone.Locator("#meal-on").WaitForAsync();
        var row = phone.Locator($"#t-{place.People[0]}");
        Assert.Equal("", await row.GetAttributeAsync("data-outcome"));
        var width = await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(width <= BrowserPages.Phone.Width, $"the day's list is {width}px wide on a 360px phone");

        await row.Locator("button.delivered").ClickAsync();
        await phone.WaitForURLAsync(url => url.Contains("done=deliver", StringComparison.Ordinal));
        row = phone.Locator($"#t-{place.People[0]}");
        Assert.Equal("Delivered", await row.GetAttributeAsync("data-outcome"));
        Assert.Contains("已登记：送达", await row.InnerTextAsync(), StringComparison.Ordinal);
        var stored = await WithDbAsync(app, db => db.MealDeliveries.Where(m => m.CentreCode == place.Centre).ToListAsync());
        Assert.Equal((MealOutcome.Delivered, today), (Assert.Single(stored).Outcome, stored[0].Day));
        Assert.StartsWith("送餐测试", stored[0].DeliveredBy, StringComparison.Ordinal);

        // A second tap of another outcome corrects the row.
        await row.Locator("button.nothome").ClickAsync();
        await phone.Locator($"#t-{place.People[0]}[data-outcome='NotHome']").WaitForAsync();
        stored = await WithDbAsync(app, db => db.MealDeliveries.Where(m => m.CentreCode == place.Centre).ToListAsync());
        Assert.Equal(MealOutcome.NotHome, Assert.Single(stored).Outcome);
    }
}
