using KnockDoor.Web.Infrastructure;

namespace KnockDoor.Web.Features.Patrols;

/// <summary>The problem codes of street patrols and leads (listed in docs/problem-codes.md; a retired code is never reused).</summary>
public static class PatrolProblems
{
    public static readonly AppProblem InFuture = new(400, "patrol.in_future", "时间不能晚于现在");
    public static readonly AppProblem OrgUnitInvalid = new(400, "patrol.org_unit_invalid", "只能登记在本人管辖的乡镇（或县）");
    public static readonly AppProblem ClientIdConflict = new(409, "patrol.client_id_conflict", "该记录编号已被另一份内容不同的记录使用，请刷新页面后重新填写");
    public static readonly AppProblem HelpRequired = new(400, "patrol.help_required", "请选择采取的救助措施（拒绝救助也请选择）");
    public static readonly AppProblem PhotoTooLarge = new(413, "patrol.photo_too_large", "照片不能超过 1 MB");
    public static readonly AppProblem PhotoType = new(400, "patrol.photo_type", "照片应为 JPEG 或 PNG 格式");
    public static readonly AppProblem LeadTownshipUnknown = new(400, "lead.township_unknown", "请选择所在乡镇");
    public static readonly AppProblem LeadClosed = new(409, "lead.closed", "该线索已办结，不能再处理");
    public static readonly AppProblem LeadVersionConflict = new(409, "lead.version_conflict", "该线索刚被他人处理过，请刷新后再操作");
    public static readonly AppProblem LeadRateLimited = new(429, "lead.rate_limited", "提交太频繁了，请稍后再试；情况紧急请直接拨打 110 或乡镇值班电话");

    /// <summary>A validation failure of one field: the page shows the message next to that field.</summary>
    public static AppProblemException Invalid(string field, string message) =>
        new((Problems.Validation with { Message = message }).With("field", field).With("errors", new[] { message }));

    /// <summary>The field a problem is about (null when it is about the whole form).</summary>
    public static string? FieldOf(AppProblem problem) => problem.Extensions.TryGetValue("field", out var f) ? f as string : null;
}
