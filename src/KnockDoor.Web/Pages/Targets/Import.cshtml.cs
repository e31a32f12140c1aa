using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnockDoor.Web.Pages.Targets;

/// <summary>The registry import page; the work happens in the browser against the import API (wwwroot/js/import.js).</summary>
[Authorize(Policy = "perm:TargetsImport")]
public sealed class ImportModel : PageModel
{
    public void OnGet()
    {
    }
}
