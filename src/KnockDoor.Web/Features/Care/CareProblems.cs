using KnockDoor.Web.Infrastructure;

namespace KnockDoor.Web.Features.Care;

/// <summary>The problem codes of care activities (listed in docs/problem-codes.md; a retired code is never reused).</summary>
public static class CareProblems
{
    public static readonly AppProblem PeopleNegative = new(400, "care.people_negative", "帮扶人数不能为负数");
    public static readonly AppProblem DayInFuture = new(400, "care.day_in_future", "活动日期不能晚于今天");
    public static readonly AppProblem KindsRequired = new(400, "care.kinds_required", "请至少选择一项帮扶内容");
    public static readonly AppProblem ClientIdConflict = new(409, "care.client_id_conflict",
        "该记录编号已被另一条内容不同的活动记录使用，本次未保存；请刷新页面后重新填写");

    public static AppProblemException Invalid(string message) =>
        new((Problems.Validation with { Message = message }).With("errors", new[] { message }));
}
