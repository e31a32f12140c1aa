using System.Globalization;
using KnockDoor.Core.Data;
using KnockDoor.Core.OrgUnits;
using KnockDoor.Core.Targets;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Targets;
using KnockDoor.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnockDoor.Web.Pages.Targets;

/// <summary>The form's fields, as typed: the rules live in TargetService, not here.</summary>
public sealed class TargetForm
{
    public string? Name { get; set; }
    public List<TargetCategory> Categories { get; set; } = [];
    public string? IdNumber { get; set; }
    public string? Phone { get; set; }
    public string? OrgUnitCode { get; set; }
    public string? Address { get; set; }
    public string? Household { get; set; }
    public string? GuardianName { get; set; }
    public string? GuardianPhone { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
    public TargetStatus Status { get; set; } = TargetStatus.Active;
    public string? Notes { get; set; }
    public HeatingKind? Heating { get; set; }
    public bool Bedridden { get; set; }
    public bool HouseAtRisk { get; set; }
    public int? Version { get; set; }
}

/// <summary>A group of the unit select: a township with its villages and institutions.</summary>
public sealed record OrgUnitGroup(string Label, List<OrgUnitOption> Units);

[Authorize(Policy = "perm:TargetsWrite")]
public sealed class EditModel(AppDbContext db, TargetService targets) : PageModel
{
    [BindProperty]
    public TargetForm Input { get; set; } = new();

    public Guid? Id { get; private set; }
    public List<OrgUnitGroup> Units { get; private set; } = [];
    public string? Error { get; private set; }
    public bool Conflict { get; private set; }
    public bool Missing { get; private set; }
    public Dictionary<string, List<string>> FieldErrors { get; } = [];

    public IEnumerable<string> ErrorsFor(string field) => FieldErrors.GetValueOrDefault(field) ?? [];

    public static string Coordinate(double? value) => value?.ToString("0.######", CultureInfo.InvariantCulture) ?? "";

    public async Task OnGetAsync(Guid? id, CancellationToken ct)
    {
        var me = HttpContext.RequireUser();
        Id = id;
        await LoadUnitsAsync(me, ct);
        if (id is null)
        {
            return;
        }
        try
        {
            var t = await targets.GetAsync(me, id.Value, ct);
            Input = new TargetForm
            {
                Name = t.Name,
                Categories = [.. t.Categories],
                IdNumber = t.IdNumber,
                Phone = t.Phone,
                OrgUnitCode = t.OrgUnitCode,
                Address = t.Address,
                Household = t.Household,
                GuardianName = t.GuardianName,
                GuardianPhone = t.GuardianPhone,
                Latitude = t.Latitude,
                Longitude = t.Longitude,
                Status = t.Status,
                Notes = t.Notes,
                Heating = t.Heating,
                Bedridden = t.Bedridden,
                HouseAtRisk = t.HouseAtRisk,
                Version = t.Version,
            };
        }
        catch (AppProblemException ex)
        {
            Fail(ex.Problem);
        }
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, CancellationToken ct)
    {
        var me = HttpContext.RequireUser();
        Id = id;
        var input = new TargetInput(Input.Name, Input.Categories, Input.IdNumber, Input.Phone, Input.OrgUnitCode, Input.Address,
            Input.Household, Input.GuardianName, Input.GuardianPhone, Input.Latitude, Input.Longitude, Input.Status, Input.Notes, Input.Version,
            Input.Heating, Input.Bedridden, Input.HouseAtRisk);
        try
        {
            var saved = id is null
                ? await targets.CreateAsync(me, input, ct)
                : await targets.UpdateAsync(me, id.Value, input, ct);
            return Redirect($"/Targets/Details/{saved.Id}");
        }
        catch (AppProblemException ex)
        {
            Fail(ex.Problem);
        }
        // A number the browser sent that isn't a number is a binding error; say so rather than drop it silently.
        foreach (var key in new[] { "Input.Latitude", "Input.Longitude" })
        {
            if (ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0)
            {
                AddFieldError("经纬度", "经纬度应为数字，如 37.35");
            }
        }
        await LoadUnitsAsync(me, ct);
        return Page();
    }

    private void Fail(AppProblem problem)
    {
        Error = problem.Message;
        Conflict = problem.Code == Problems.VersionConflict.Code;
        Missing = problem.Code == Problems.NotFound.Code;
        if (problem.Extensions.TryGetValue("errors", out var value) && value is IEnumerable<FieldError> errors)
        {
            Error = Problems.Validation.Message;
            foreach (var e in errors)
            {
                AddFieldError(e.Field, e.Message);
            }
        }
        if (problem.Code == Problems.IdNumberDuplicate.Code)
        {
            AddFieldError("身份证号", problem.Message);
        }
    }

    private void AddFieldError(string field, string message)
    {
        if (!FieldErrors.TryGetValue(field, out var list))
        {
            FieldErrors[field] = list = [];
        }
        if (!list.Contains(message))
        {
            list.Add(message);
        }
    }

    private async Task LoadUnitsAsync(CurrentUser me, CancellationToken ct)
    {
        var options = await OrgUnitOptions.LoadAsync(db, me, includeTownships: true, ct);
        OrgUnitGroup? current = null;
        OrgUnitGroup? other = null;
        foreach (var o in options)
        {
            if (o.Kind == OrgUnitKind.Township)
            {
                current = new OrgUnitGroup(o.Name, []);
                Units.Add(current);
            }
            else if (o.Depth > 0 && current is not null)
            {
                current.Units.Add(o);
            }
            else
            {
                if (other is null)
                {
                    other = new OrgUnitGroup("县直及其他", []);
                    Units.Add(other);
                }
                other.Units.Add(o);
            }
        }
        Units.RemoveAll(g => g.Units.Count == 0);
    }
}
