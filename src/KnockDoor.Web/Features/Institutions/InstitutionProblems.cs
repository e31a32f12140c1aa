using KnockDoor.Web.Infrastructure;

namespace KnockDoor.Web.Features.Institutions;

/// <summary>The problem codes of an institution's records (listed in docs/problem-codes.md). A retired code is never reused.</summary>
public static class InstitutionProblems
{
    public static readonly AppProblem InFuture = new(400, "institution.time_in_future", "时间不能晚于现在，请检查日期和时间");
    public static readonly AppProblem DayOutOfRange = new(400, "institution.day_out_of_range", "日期超出可登记的范围（最早 31 天前；值班表最晚 31 天后；其余不能晚于今天）");
    public static readonly AppProblem CountInvalid = new(400, "institution.count_invalid", "人数、数量不能为负数，也不能大得不合常理");
    public static readonly AppProblem TextTooLong = new(400, "institution.text_too_long", "填写的文字过长");
    public static readonly AppProblem FindingsRequired = new(400, "institution.findings_required", "有问题时请写明发现的问题；没有问题请标明“未发现问题”");
    public static readonly AppProblem OutingAdviceRequired = new(400, "institution.outing_advice_required", "雨雪大风天气有老人外出时，请确认已劝导老人不要独自外出");
    public static readonly AppProblem StaffUnknown = new(400, "institution.staff_unknown", "参训人员须从本机构的工作人员名单中选择");
    public static readonly AppProblem ClientIdConflict = new(409, "institution.client_id_conflict", "该记录编号已被另一条记录使用，请刷新页面后重新填写");
    public static readonly AppProblem AlreadyHazard = new(409, "institution.already_hazard", "该条巡查发现的问题已经转为隐患");
    public static readonly AppProblem NoFindings = new(409, "institution.no_findings", "该次巡查未发现问题，不能转为隐患");
    public static readonly AppProblem PlanTooLarge = new(413, "institution.plan_too_large", "应急预案文件不能超过 10 MB");
    public static readonly AppProblem PlanType = new(400, "institution.plan_type", "应急预案只能上传 PDF、Word（DOC、DOCX）、WPS 文档或扫描件图片（JPG、PNG），且文件内容须与扩展名一致");
    public static readonly AppProblem PlanEmpty = new(400, "institution.plan_empty", "请选择要上传的应急预案文件");
}
