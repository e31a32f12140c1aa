using KnockDoor.Web.Infrastructure;

namespace KnockDoor.Web.Features.Meals;

/// <summary>The problem codes of meals brought home (listed in docs/problem-codes.md; a retired code is never reused).</summary>
public static class MealProblems
{
    public static readonly AppProblem RecipientOutside = new(400, "meals.recipient_outside",
        "所选老人不在该日间照料中心所在乡镇的服务对象名册中，或已迁出、去世");
    public static readonly AppProblem NotOnList = new(400, "meals.not_on_list", "该老人不在本中心的送餐名单上，请先加入名单");
    public static readonly AppProblem DeliveryOff = new(409, "meals.delivery_off", "该日未开启送餐上门，不能登记送餐；请先开启送餐");
    public static readonly AppProblem DayInFuture = new(400, "meals.day_in_future", "不能登记今天以后的送餐，送达时间也不能晚于现在");
    public static readonly AppProblem PeriodInvalid = new(400, "meals.period_invalid", "送餐日期有误：结束日期不能早于开始日期，一次最多开启 31 天");
    public static readonly AppProblem PeriodCancelled = new(409, "meals.period_cancelled", "该送餐时段已经取消过了，请刷新页面");
    public static readonly AppProblem OutcomeRequired = new(400, "meals.outcome_required", "请选择送餐结果：送达、不在家或拒收");

    public static AppProblemException Invalid(string message) =>
        new((Problems.Validation with { Message = message }).With("errors", new[] { message }));
}
