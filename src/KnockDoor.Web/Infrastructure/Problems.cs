using Microsoft.AspNetCore.Mvc;

namespace KnockDoor.Web.Infrastructure;

/// <summary>
/// An expected failure: an HTTP status, a stable code for clients (never reused once retired, listed
/// in docs/problem-codes.md) and a message in Chinese for the person.
/// </summary>
public sealed record AppProblem(int Status, string Code, string Message)
{
    public IDictionary<string, object?> Extensions { get; init; } = new Dictionary<string, object?>();

    public AppProblem With(string key, object? value)
    {
        var copy = this with { Extensions = new Dictionary<string, object?>(Extensions) };
        copy.Extensions[key] = value;
        return copy;
    }

    public IResult ToResult() => Results.Problem(ToProblemDetails());

    public ProblemDetails ToProblemDetails()
    {
        var details = new ProblemDetails
        {
            Status = Status,
            Title = Message,
            Detail = Message,
            Type = $"https://knockdoor.local/problems/{Code}",
        };
        details.Extensions["code"] = Code;
        foreach (var (key, value) in Extensions)
        {
            details.Extensions[key] = value;
        }
        return details;
    }
}

/// <summary>The catalogue of problem codes. A retired code is never reused.</summary>
public static class Problems
{
    public static readonly AppProblem Unauthenticated = new(401, "auth.unauthenticated", "请先登录");
    public static readonly AppProblem Forbidden = new(403, "auth.forbidden", "您没有进行此操作的权限");
    public static readonly AppProblem BadCredentials = new(401, "auth.bad_credentials", "用户名或密码错误");
    public static readonly AppProblem LockedOut = new(423, "auth.locked_out", "连续登录失败次数过多，账号已临时锁定，请 15 分钟后再试或联系管理员");
    public static readonly AppProblem AccountDisabled = new(403, "auth.account_disabled", "该账号已停用，请联系管理员");
    public static readonly AppProblem NotFound = new(404, "resource.not_found", "要找的记录不存在，或不在您的管辖范围内");
    public static readonly AppProblem InvalidBody = new(400, "request.invalid_body", "请求内容格式不正确");
    public static readonly AppProblem Validation = new(400, "request.validation", "提交的内容有误，请按提示修改");
    public static readonly AppProblem VersionConflict = new(409, "resource.version_conflict", "该记录已被他人修改，请刷新后再改");
    public static readonly AppProblem ServerError = new(500, "server.error", "服务器出错了，请稍后重试；如果一直出错，请联系县民政局");

    public static readonly AppProblem IdNumberInvalid = new(400, "target.id_number_invalid", "身份证号不正确");
    public static readonly AppProblem IdNumberDuplicate = new(409, "target.id_number_duplicate", "该身份证号已在服务对象名册中");
    public static readonly AppProblem OrgUnitUnknown = new(400, "org_unit.unknown", "所选村(社区)或机构不存在，或不在您的管辖范围内");
    public static readonly AppProblem OrgUnitCodeTaken = new(409, "org_unit.code_taken", "该代码已被使用");
    public static readonly AppProblem DivisionUnknown = new(404, "org_unit.division_unknown", "找不到该区划代码（应为 2 位省级、4 位地级或 6 位县级代码）");

    public static readonly AppProblem ImportFileInvalid = new(400, "import.file_invalid", "无法读取该文件，请上传 .xlsx 格式的 Excel 文件");
    public static readonly AppProblem ImportFileTooLarge = new(413, "import.file_too_large", "文件过大");
    public static readonly AppProblem ImportHeaderMissing = new(400, "import.header_missing", "找不到表头行：表中需要有“姓名”和“身份证号”两列");
    public static readonly AppProblem ImportConflict = new(409, "import.id_number_conflict", "导入时发现有身份证号刚被他人登记到名册中，本次未导入任何数据。请重新检查文件后再导入");
    public static readonly AppProblem ImportInProgress = new(409, "import.in_progress", "该导入编号正在使用中，请稍候或换一个导入编号");
    public static readonly AppProblem ImportHasErrors = new(422, "import.has_errors", "文件中有错误行，未导入任何数据。请修改后重新上传，或选择“仅导入正确的行”");

    public static readonly AppProblem UserNameTaken = new(409, "account.user_name_taken", "该用户名已被使用");
    public static readonly AppProblem PasswordRejected = new(400, "account.password_rejected", "密码不符合要求：至少 8 位，须同时包含大写字母、小写字母、数字和符号");
    public static readonly AppProblem RoleNotAllowed = new(403, "account.role_not_allowed", "您不能创建或管理该角色的账号");

    public static readonly AppProblem TemplateInvalid = new(400, "checklist.invalid", "检查表内容有误");
    public static readonly AppProblem CampaignInvalid = new(400, "campaign.invalid", "行动设置有误");

    public static readonly AppProblem PlanNoCampaign = new(409, "plan.no_campaign", "本县还没有行动，请先由县民政局创建行动");
    public static readonly AppProblem PlanNothingSelected = new(400, "plan.nothing_selected", "请先选择要分配的服务对象");
    public static readonly AppProblem PlanTargetInactive = new(400, "plan.target_inactive", "所选服务对象中有已迁出或已去世的人员，不能分配");
    public static readonly AppProblem PlanWorkerNotFound = new(404, "plan.worker_not_found", "所选入户人员不存在，或不在您的管辖范围内");
    public static readonly AppProblem PlanWorkerInvalid = new(400, "plan.worker_invalid", "只能分配给未停用的入户人员(网格员/村干部)账号");
    public static readonly AppProblem VisitTemplateInvalid = new(400, "visit.template_invalid", "检查表版本不存在，或与检查类型不符，请刷新检查表后重新提交");
    public static readonly AppProblem VisitNoCampaign = new(400, "visit.no_campaign", "本县尚未设置敲门行动，暂不能提交入户记录");
    public static readonly AppProblem VisitIdConflict = new(409, "visit.id_conflict", "该记录编号已被另一份内容不同的记录使用，本次提交已单独保存，请联系县民政局核对");
    public static readonly AppProblem VisitPhotoConflict = new(409, "visit.photo_conflict", "该照片编号已被另一张照片使用");
    public static readonly AppProblem VisitPhotoTooLarge = new(413, "visit.photo_too_large", "照片不能超过 1 MB");
    public static readonly AppProblem VisitPhotoType = new(400, "visit.photo_type", "照片应为 JPEG、PNG 或 WebP 格式");
    public static readonly AppProblem DeviceIdInvalid = new(400, "device.id_invalid", "缺少设备编号(deviceId)，或设备编号无效");
    public static readonly AppProblem DeviceStatusInvalid = new(400, "device.status_invalid", "设备状态内容有误");
    public static readonly AppProblem ConflictAlreadyResolved = new(409, "conflict.already_resolved", "该冲突已经处理过了，请刷新页面");
    public static readonly AppProblem HazardNotPermitted = new(403, "hazard.not_permitted", "您的角色不能对隐患进行此项操作");
    public static readonly AppProblem HazardIllegalTransition = new(409, "hazard.illegal_transition", "该隐患当前的状态不能进行此项操作，请刷新后查看");
    public static readonly AppProblem HazardNotAssignee = new(403, "hazard.not_assignee", "只有整改责任人、发现人或负责该户走访的人员可以报告整改完成");
    public static readonly AppProblem HazardVerifierIsFixer = new(409, "hazard.verifier_is_fixer", "报告整改完成的人不能自己验收销号，请由乡镇其他干部验收");
    public static readonly AppProblem HazardAssigneeRequired = new(400, "hazard.assignee_required", "请选择整改责任人");
    public static readonly AppProblem HazardAssigneeInvalid = new(400, "hazard.assignee_invalid", "整改责任人不存在、已停用，或不负责该隐患所在地");
    public static readonly AppProblem HazardDeadlineRequired = new(400, "hazard.deadline_required", "请填写整改期限");
    public static readonly AppProblem HazardDeadlineInPast = new(400, "hazard.deadline_in_past", "整改期限不能早于今天");
    public static readonly AppProblem HazardNoteRequired = new(400, "hazard.note_required", "请填写整改情况说明");
    public static readonly AppProblem HazardPhotoRequired = new(400, "hazard.photo_required", "请至少上传一张整改后的照片");
    public static readonly AppProblem HazardPhotoUnknown = new(400, "hazard.photo_unknown", "所选照片不存在，或不是该隐患的照片，请重新上传");
    public static readonly AppProblem HazardReasonRequired = new(400, "hazard.reason_required", "请填写退回整改的原因");
    public static readonly AppProblem HazardInterimMeasuresRequired = new(400, "hazard.interim_measures_required", "请填写上报期间的临时管控措施");
    public static readonly AppProblem HazardVersionConflict = new(409, "hazard.version_conflict", "该隐患刚被他人处理过，请刷新后再操作");
    public static readonly AppProblem HazardPhotoTooLarge = new(413, "hazard.photo_too_large", "照片不能超过 1 MB");
    public static readonly AppProblem HazardNotOnRevisitList = new(409, "hazard.not_on_revisit_list", "该隐患不在回头看清单上，或已经回访过");
    public static readonly AppProblem HazardPhotoType = new(400, "hazard.photo_type", "照片应为 JPEG 或 PNG 格式");
    public static readonly AppProblem HazardRevisitUnitInvalid = new(400, "hazard.revisit_unit_invalid", "回头看清单只能按乡镇或全县生成，请选择乡镇或全县");
    public static readonly AppProblem HazardRevisitModeInvalid = new(400, "hazard.revisit_mode_invalid", "请选择生成方式：全部(all)或按比例抽取(sample)");
    public static readonly AppProblem HazardRevisitPercentInvalid = new(400, "hazard.revisit_percent_invalid", "抽取比例应为 1 到 100 之间的整数");
    public static readonly AppProblem HazardRevisitCampaignInvalid = new(400, "hazard.revisit_campaign_invalid", "所选行动不存在");
    public static readonly AppProblem HazardRevisitStateInvalid = new(400, "hazard.revisit_state_invalid", "清单状态应为待回访(pending)或已回访(done)");
    public static readonly AppProblem HazardLedgerFilterInvalid = new(400, "hazard.filter_invalid", "隐患台账的筛选条件有误");
    public static readonly AppProblem HazardItemUnknown = new(400, "hazard.item_unknown", "检查项目不存在于当前检查表中");
    public static readonly AppProblem HazardPlaceRequired = new(400, "hazard.place_required", "请选择服务对象，或选择村(社区)/机构");
    public static readonly AppProblem VisitOutcomeNotConfirmable = new(409, "visit.outcome_not_confirmable", "只有“已迁出”或“已去世”的入户结果需要确认");
    public static readonly AppProblem ReportUnitInvalid = new(400, "report.unit_invalid", "日报只能由乡镇或机构报送，请选择乡镇或机构");
    public static readonly AppProblem ReportNoCampaign = new(409, "report.no_campaign", "本县还没有行动，暂不能报送日报");
    public static readonly AppProblem ReportDayInFuture = new(400, "report.day_in_future", "不能报送今天以后的日报");
    public static readonly AppProblem ReportDayBeforeCampaign = new(400, "report.day_before_campaign", "该日期在行动开始之前，不能报送日报");
    public static readonly AppProblem ReportFigureUnknown = new(400, "report.figure_unknown", "统计表中没有该项目，或该项目不由本单位填报/不能更正");
    public static readonly AppProblem ReportFigureInvalid = new(400, "report.figure_invalid", "统计数不能为负数，且应为整数");
    public static readonly AppProblem ReportCorrectionReasonRequired = new(400, "report.correction_reason_required", "更正系统统计的数字时，请写明更正原因");
    public static readonly AppProblem ReportTextTooLong = new(400, "report.text_too_long", "填写的文字过长");
    public static readonly AppProblem ReportRevisionConflict = new(409, "report.revision_conflict", "该日报刚刚被他人报送过，请刷新后查看最新版本再报送");
}

public sealed class AppProblemException(AppProblem problem) : Exception(problem.Message)
{
    public AppProblem Problem { get; } = problem;
}
