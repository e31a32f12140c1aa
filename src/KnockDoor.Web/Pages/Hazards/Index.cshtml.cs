using KnockDoor.Core.Accounts;
using KnockDoor.Core.Data;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Hazards;
using KnockDoor.Web.Infrastructure;
using KnockDoor.Web.Pages.Targets;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnockDoor.Web.Pages.Hazards;

/// <summary>The hazard ledger (隐患台账): the counts per child unit and the filtered list; the rows come from <see cref="HazardLedger"/>.</summary>
[Authorize(Policy = "perm:HazardsRead")]
public sealed class IndexModel(AppDbContext db, HazardLedger ledger) : PageModel
{
    public LedgerQuery Query { get; private set; } = new();
    public LedgerFilter? Filter { get; private set; }
    public LedgerResult? Result { get; private set; }
    public string? Error { get; private set; }
    public CurrentUser Me { get; private set; } = null!;
    public List<OrgUnitOption> OrgUnits { get; private set; } = [];
    public List<ItemOption> Items { get; private set; } = [];
    public List<PersonOption> Assignees { get; private set; } = [];

    public int PageCount => Result is null ? 0 : Math.Max(1, (Result.Total + Result.PageSize - 1) / Result.PageSize);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Me = HttpContext.RequireUser();
        Query = LedgerQuery.From(Request.Query);
        OrgUnits = await OrgUnitOptions.LoadAsync(db, Me, includeTownships: true, ct);
        Items = await HazardPageData.ItemsAsync(db, Me, ct);
        if (Me.Role != Role.FieldWorker && Me.Role != Role.InstitutionStaff)
        {
            Assignees = await HazardPageData.RectifiersAsync(db, Me, ct);
        }
        try
        {
            Filter = HazardLedger.Parse(Query);
            Result = await ledger.ListAsync(Me, Filter, ct);
        }
        catch (AppProblemException ex)
        {
            Error = ex.Problem.Message;
            Response.StatusCode = ex.Problem.Status;
        }
    }

    public bool StatusChecked(string value) => Query.Status?.Any(s => string.Equals(s, value, StringComparison.OrdinalIgnoreCase)) == true;

    public string Link(string? orgUnit) => "/Hazards" + Query.WithOrgUnit(orgUnit).ToQueryString();

    public string PageLink(int page) => "/Hazards" + Query.ToQueryString(page);
}
