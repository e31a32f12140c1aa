using System.Globalization;
using KnockDoor.Core.Common;
using KnockDoor.Core.Duties;

namespace KnockDoor.Web.Features.Patrols;

/// <summary>The fields of the person-found form (the page's and the API's multipart one), and China-time form values.</summary>
public static class PersonForm
{
    public static async Task<(PersonRequest Request, IFormFile? Photo)> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        var form = await request.ReadFormAsync(ct);
        var request1 = new PersonRequest(
            Guid.TryParse(form["ClientId"], out var id) ? id : null,
            ParseInstant(form["FoundAt"]),
            form["Description"], form["Place"], form["Condition"], ParseHelp(form["Help"]), form["HelpNote"]);
        return (request1, form.Files.GetFile("Photo") ?? form.Files.GetFile("photo"));
    }

    /// <summary>The flags of the checked boxes; null when one of them is not a known name.</summary>
    public static HelpGiven? ParseHelp(IEnumerable<string?> values)
    {
        var help = HelpGiven.None;
        foreach (var v in values)
        {
            if (string.IsNullOrWhiteSpace(v))
            {
                continue;
            }
            if (!Enum.TryParse<HelpGiven>(v, ignoreCase: true, out var one) || int.TryParse(v, out _))
            {
                return (HelpGiven)(-1);
            }
            help |= one;
        }
        return help;
    }

    public static PatrolPartners ParsePartners(IEnumerable<string?> values)
    {
        var partners = PatrolPartners.None;
        foreach (var v in values)
        {
            if (!string.IsNullOrWhiteSpace(v) && !int.TryParse(v, out _) && Enum.TryParse<PatrolPartners>(v, ignoreCase: true, out var one))
            {
                partners |= one;
            }
        }
        return partners;
    }

    /// <summary>A datetime-local value (China time, as a phone's form sends it) or an ISO instant with its offset.</summary>
    public static DateTimeOffset? ParseInstant(string? value)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        if (DateTime.TryParseExact(text, ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return new DateTimeOffset(local, ChinaTime.Zone.GetUtcOffset(local));
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) && text.Length > 16 ? at : null;
    }

    /// <summary>An instant as a datetime-local field shows it, in China time.</summary>
    public static string Local(DateTimeOffset at) => ChinaTime.Text(at, "yyyy-MM-ddTHH:mm");

    public static readonly IReadOnlyList<(HelpGiven Help, string Name)> Helps =
    [
        (HelpGiven.EscortedToStation, "护送至救助站"),
        (HelpGiven.FoodAndClothing, "发放食物、衣被"),
        (HelpGiven.SentToHospital, "送医救治"),
        (HelpGiven.ReturnedHome, "联系家属、护送返乡"),
        (HelpGiven.Other, "其他"),
        (HelpGiven.Declined, "拒绝救助"),
    ];

    public static readonly IReadOnlyList<(PatrolPartners Partner, string Name)> Partners =
    [
        (PatrolPartners.Police, "公安"),
        (PatrolPartners.Community, "社区"),
        (PatrolPartners.Village, "村（居）委会"),
        (PatrolPartners.Volunteers, "志愿者"),
        (PatrolPartners.Other, "其他"),
    ];

    public static string HelpText(HelpGiven help) =>
        help == HelpGiven.None ? "—" : string.Join("、", Helps.Where(h => help.HasFlag(h.Help)).Select(h => h.Name));

    public static string PartnersText(PatrolPartners partners) =>
        partners == PatrolPartners.None ? "乡镇单独巡查" : "联合" + string.Join("、", Partners.Where(p => partners.HasFlag(p.Partner)).Select(p => p.Name));

    public static string StatusText(LeadStatus status) => status switch
    {
        LeadStatus.New => "待处理",
        LeadStatus.FollowingUp => "跟进中",
        LeadStatus.Closed => "已办结",
    };
}
