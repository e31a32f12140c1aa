using KnockDoor.Core.Accounts;
using KnockDoor.Core.Data;
using KnockDoor.Core.Targets;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Targets;
using KnockDoor.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnockDoor.Web.Pages.Targets;

public sealed class IndexModel(AppDbContext db, TargetService targets) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "orgUnit")]
    public string? OrgUnit { get; set; }

    [BindProperty(SupportsGet = true, Name = "category")]
    public TargetCategory? Category { get; set; }

    [BindProperty(SupportsGet = true, Name = "status")]
    public TargetStatus? Status { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Q { get; set; }

    // Not "page": Razor Pages reserves that route value for the page's own path.
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public List<OrgUnitOption> OrgUnits { get; private set; } = [];
    public TargetPage? Result { get; private set; }
    public string? Error { get; private set; }
    public CurrentUser Me { get; private set; } = null!;

    public int PageCount => Result is null ? 0 : Math.Max(1, (Result.Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Me = HttpContext.RequireUser();
        OrgUnits = await OrgUnitOptions.LoadAsync(db, Me, includeTownships: true, ct);
        PageNumber = Math.Max(1, PageNumber);
        try
        {
            Result = await targets.ListAsync(Me, new TargetFilter(OrgUnit, Category, Status, Q, PageNumber, PageSize), ct);
        }
        catch (AppProblemException ex)
        {
            Error = ex.Problem.Message;
        }
    }

    /// <summary>The current filters as a query string (without the page), for paging links and the export.</summary>
    public string FilterQuery(int? page = null)
    {
        var pairs = new List<KeyValuePair<string, string?>>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                pairs.Add(new(key, value));
            }
        }
        Add("orgUnit", OrgUnit);
        Add("category", Category?.ToString());
        Add("status", Status?.ToString());
        Add("q", Q);
        if (page is > 1)
        {
            pairs.Add(new("p", page.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        return Microsoft.AspNetCore.Http.QueryString.Create(pairs).ToUriComponent();
    }

    public bool Can(Permission permission) => Me.Can(permission);
}
