using KnockDoor.Web.Features.Patrols;
using KnockDoor.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace KnockDoor.Web.Pages.Lead;

/// <summary>
/// 群众线索: anyone, without signing in, tells the township about a person in need (a poster's QR code opens
/// /lead/{townshipCode}). It takes the place, a note and an optional phone for a call back, and shows back only a reference
/// and the township's hotline. Sending is rate-limited per IP; a filled honeypot is answered as if sent and stores nothing.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(LeadRateLimit.Policy)]
// A lead is a few hundred characters (a Chinese one is nine bytes in a form): nothing much bigger is read from a stranger.
[RequestSizeLimit(LeadService.MaxBodyBytes)]
[RequestFormLimits(ValueLengthLimit = 16 * 1024, ValueCountLimit = 20, MultipartBodyLengthLimit = LeadService.MaxBodyBytes)]
public sealed class IndexModel(LeadService leads) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? TownshipCode { get; set; }
    /// <summary>Made when the page is opened: the same form posted twice stores one lead.</summary>
    [BindProperty] public Guid? FormId { get; set; }
    [BindProperty] public string? Place { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public string? Phone { get; set; }
    /// <summary>The honeypot: hidden from people, filled by robots.</summary>
    [BindProperty] public string? Website { get; set; }

    /// <summary>The township named by the URL (the poster's), when it is one of the county's.</summary>
    public TownshipChoice? Fixed { get; private set; }
    public List<TownshipChoice> Townships { get; private set; } = [];
    public LeadReceipt? Receipt { get; private set; }
    public Dictionary<string, string> Errors { get; } = [];
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        FormId = Guid.NewGuid();
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var routeCode = RouteData.Values["townshipCode"] as string;
        var code = routeCode ?? TownshipCode;
        if (!string.IsNullOrEmpty(Website))
        {
            // A robot: it is told what a person would be told, and nothing is stored.
            Receipt = new LeadReceipt(LeadService.NewReference(), (await leads.TownshipAsync(code, ct))?.Name ?? "", null);
            return Page();
        }
        try
        {
            Receipt = await leads.SubmitAsync(new LeadSubmission(FormId, code, Place, Note, Phone), ct);
            return Page();
        }
        catch (AppProblemException ex)
        {
            Response.StatusCode = ex.Problem.Status;
            if (PatrolProblems.FieldOf(ex.Problem) is { } field)
            {
                Errors[field] = ex.Problem.Message;
            }
            else
            {
                Error = ex.Problem.Message;
            }
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var routeCode = RouteData.Values["townshipCode"] as string;
        Fixed = routeCode is null ? null : await leads.TownshipAsync(routeCode, ct);
        if (Fixed is null)
        {
            Townships = await leads.TownshipsAsync(ct);
        }
    }

    public string? ErrorOf(string field) => Errors.GetValueOrDefault(field);
}
