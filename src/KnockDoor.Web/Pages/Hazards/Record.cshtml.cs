using KnockDoor.Core.Checklists;
using KnockDoor.Core.Data;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Hazards;
using KnockDoor.Web.Features.Targets;
using KnockDoor.Web.Infrastructure;
using KnockDoor.Web.Pages.Targets;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Pages.Hazards;

/// <summary>登记隐患: a hazard entered by hand, at a person (found by a search of the registry) or at a village or institution.</summary>
[Authorize(Policy = "perm:HazardsRecord")]
public sealed class RecordModel(AppDbContext db, HazardService hazards, TargetService targets) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid? TargetId { get; set; }
    [BindProperty] public string? OrgUnitCode { get; set; }
    [BindProperty] public string? ItemCode { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public Severity? Severity { get; set; }
    [BindProperty(SupportsGet = true, Name = "q")] public string? Q { get; set; }

    public string? TargetName { get; private set; }
    public List<TargetListItem> Matches { get; private set; } = [];
    public List<OrgUnitOption> OrgUnits { get; private set; } = [];
    public List<ItemOption> Items { get; private set; } = [];
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var me = HttpContext.RequireUser();
        try
        {
            var hazard = await hazards.RecordAsync(me, new RecordRequest(TargetId, TargetId is null ? OrgUnitCode : null, ItemCode, Description, Severity), ct);
            return Redirect($"/Hazards/Details/{hazard.Id}?done=Record");
        }
        catch (AppProblemException ex)
        {
            Error = ex.Problem.Message;
            Response.StatusCode = ex.Problem.Status;
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var me = HttpContext.RequireUser();
        OrgUnits = await OrgUnitOptions.LoadAsync(db, me, includeTownships: false, ct);
        Items = await HazardPageData.ItemsAsync(db, me, ct);
        if (TargetId is { } id)
        {
            TargetName = await db.Targets.AsNoTracking().VisibleTo(me).Where(t => t.Id == id).Select(t => t.Name).FirstOrDefaultAsync(ct);
            if (TargetName is null)
            {
                TargetId = null;
            }
        }
        if (!string.IsNullOrWhiteSpace(Q))
        {
            try
            {
                Matches = [.. (await targets.ListAsync(me, new TargetFilter(null, null, null, Q, 1, 20), ct)).Items];
            }
            catch (AppProblemException ex)
            {
                Error = ex.Problem.Message;
            }
        }
    }
}
