using KnockDoor.Core.Accounts;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Reports;

namespace KnockDoor.Web.Features.Institutions;

/// <summary>An institution's records under the notice: duty roster, patrol log, equipment checks, residents and outings, staff and training, supplies, emergency plan.</summary>
public static class InstitutionRecordEndpoints
{
    public static IServiceCollection AddInstitutionRecords(this IServiceCollection services)
    {
        services.AddScoped<InstitutionRecordService>();
        services.AddScoped<IDailyFigureSource, InstitutionFigureSource>();
        return services;
    }

    public static void MapInstitutionRecordApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/institutions").WithTags("养老机构值守");
        const Permission read = Permission.DutiesRead;
        const Permission write = Permission.InstitutionRecordsWrite;

        group.MapGet("", (HttpContext http, InstitutionRecordService records, CancellationToken ct) =>
            records.OverviewAsync(http.RequireUser(), ct))
            .RequirePermission(read).WithSummary("管辖范围内的养老机构及今日值守情况：白班/夜班是否排班、巡查次数、未整改的设施问题、在院人数、未培训人数、物资不足项、应急预案是否上传");

        group.MapGet("/{code}/records", (string code, DateOnly? day, HttpContext http, InstitutionRecordService records, CancellationToken ct) =>
            records.GetAsync(http.RequireUser(), code, day, ct))
            .RequirePermission(read).WithSummary("一家机构某天的值班表、近 7 天巡查和设施检查、在院与外出、工作人员与培训、未培训人员、物资储备、应急预案版本和任务分工");

        group.MapPost("/{code}/duty", async (string code, DutyInput input, HttpContext http, InstitutionRecordService records, CancellationToken ct) =>
        {
            var entry = await records.AddDutyAsync(http.RequireUser(), code, input, ct);
            return Results.Created($"/api/v1/institutions/{code}/duty/{entry.Id}", entry);
        }).RequirePermission(write).WithSummary("值班表：添加一名值班人员（日期、白班/夜班、姓名、岗位、电话）");

        group.MapDelete("/{code}/duty/{id:guid}", async (string code, Guid id, HttpContext http, InstitutionRecordService records, CancellationToken ct) =>
        {
            await records.RemoveDutyAsync(http.RequireUser(), code, id, ct);
            return Results.NoContent();
        }).RequirePermission(write).WithSummary("值班表：删除一名值班人员");

        group.MapPost("/{code}/patrols", async (string code, PatrolInput input, HttpContext http, InstitutionRecordService records, CancellationToken ct) =>
        {
            var (patrol, created) = await records.RecordPatrolAsync(http.RequireUser(), code, input, ct);
            return created ? Results.Created($"/api/v1/institutions/{code}/patrols/{patrol.Id}", patrol) : Results.Ok(patrol);
        }).RequirePermission(write).WithSummary("巡查记录：登记一次巡查（同一 clientId 再次提交返回原记录）；toHazard=true 时发现的问题同时登记为隐患");

        group.MapPost("/{code}/patrols/{id:guid}/hazard", (string code, Guid id, ToHazardInput input, HttpContext http, InstitutionRecordService records,
            CancellationToken ct) => records.PatrolToHazardAsync(http.RequireUser(), code, id, input, ct))
            .RequirePermission(write).WithSummary("巡查记录：把发现的问题转为隐患台账中的隐患");

        group.MapPost("/{code}/checks", async (string code, ChecksInput input, HttpContext http, InstitutionRecordService records, CancellationToken ct) =>
        {
            var (checks, created) = await records.RecordChecksAsync(http.RequireUser(), code, input, ct);
            return created ? Results.Created($"/api/v1/institutions/{code}/records", checks) : Results.Ok(checks);
        }).RequirePermission(write).WithSummary("设施检查：供水、供电、供气、供暖、消防、防滑逐项合格/不合格；不合格的自动登记为隐患（燃气、供暖、消防为较大隐患）");

        group.MapPut("/{code}/residents", (string code, ResidentsInput input, HttpContext http, InstitutionRecordService records, CancellationToken ct) =>
            records.SaveResidentsAsync(http.RequireUser(), code, input, ct))
            .RequirePermission(write).WithSummary("在院与外出：某天的在院人数、外出人数和情况（每天一条，可更正）；雨雪大风天气有人外出须确认已劝导不独自外出");

        group.MapPost("/{code}/staff", async (string code, StaffInput input, HttpContext http, InstitutionRecordService records, CancellationToken ct) =>
        {
            var staff = await records.AddStaffAsync(http.RequireUser(), code, input, ct);
            return Results.Created($"/api/v1/institutions/{code}/staff/{staff.Id}", staff);
        }).RequirePermission(write).WithSummary("工作人员：添加（姓名、类别：法定代表人/护理人员/消控人员/其他、电话）");

        group.MapDelete("/{code}/staff/{id:guid}", async (string code, Guid id, HttpContext http, InstitutionRecordService records, CancellationToken ct) =>
        {
            await records.RemoveStaffAsync(http.RequireUser(), code, id, ct);
            return Results.NoContent();
        }).RequirePermission(write).WithSummary("工作人员：移出名单（已参加的培训记录保留）");

        group.MapPost("/{code}/trainings", async (string code, TrainingInput input, HttpContext http, InstitutionRecordService records, CancellationToken ct) =>
        {
            var (training, created) = await records.RecordTrainingAsync(http.RequireUser(), code, input, ct);
            return created ? Results.Created($"/api/v1/institutions/{code}/trainings/{training.Id}", training) : Results.Ok(training);
        }).RequirePermission(write).WithSummary("培训：登记一次培训或演练（内容、授课人、日期、参训人员从工作人员名单中选择）");

        group.MapPut("/{code}/supplies", (string code, SupplyInput input, HttpContext http, InstitutionRecordService records, CancellationToken ct) =>
            records.SaveSupplyAsync(http.RequireUser(), code, input, ct))
            .RequirePermission(write).WithSummary("物资储备：按类别和名称登记或更正储备目标和现有数量");

        group.MapDelete("/{code}/supplies/{id:guid}", async (string code, Guid id, HttpContext http, InstitutionRecordService records, CancellationToken ct) =>
        {
            await records.RemoveSupplyAsync(http.RequireUser(), code, id, ct);
            return Results.NoContent();
        }).RequirePermission(write).WithSummary("物资储备：删除一项");

        group.MapPost("/{code}/plan", async (string code, IFormFile? file, HttpContext http, InstitutionRecordService records, CancellationToken ct) =>
        {
            var doc = await records.UploadPlanAsync(http.RequireUser(), code, file, ct);
            return Results.Created($"/api/v1/institutions/{code}/plan/{doc.Id}", doc);
        }).RequirePermission(write).DisableAntiforgery()
            .WithSummary("应急预案：上传新版本（PDF、DOC、DOCX、WPS 或扫描件 JPG/PNG，按文件内容识别，不超过 10 MB）");

        group.MapGet("/{code}/plan", async (string code, HttpContext http, InstitutionRecordService records, CancellationToken ct) =>
        {
            var (content, type, name) = await records.DownloadPlanAsync(http.RequireUser(), code, null, ct);
            return Results.File(content, type, name);
        }).RequirePermission(read).WithSummary("应急预案：下载最新版本（记入审计日志）");

        group.MapGet("/{code}/plan/{id:guid}", async (string code, Guid id, HttpContext http, InstitutionRecordService records, CancellationToken ct) =>
        {
            var (content, type, name) = await records.DownloadPlanAsync(http.RequireUser(), code, id, ct);
            return Results.File(content, type, name);
        }).RequirePermission(read).WithSummary("应急预案：下载某一版本（记入审计日志）");

        group.MapPost("/{code}/plan/tasks", async (string code, PlanTaskInput input, HttpContext http, InstitutionRecordService records, CancellationToken ct) =>
        {
            var task = await records.AddTaskAsync(http.RequireUser(), code, input, ct);
            return Results.Created($"/api/v1/institutions/{code}/plan/tasks/{task.Id}", task);
        }).RequirePermission(write).WithSummary("应急预案任务分工：添加一项（任务、责任人、电话）");

        group.MapPut("/{code}/plan/tasks/{id:guid}", (string code, Guid id, PlanTaskInput input, HttpContext http, InstitutionRecordService records,
            CancellationToken ct) => records.UpdateTaskAsync(http.RequireUser(), code, id, input, ct))
            .RequirePermission(write).WithSummary("应急预案任务分工：修改一项");

        group.MapDelete("/{code}/plan/tasks/{id:guid}", async (string code, Guid id, HttpContext http, InstitutionRecordService records, CancellationToken ct) =>
        {
            await records.RemoveTaskAsync(http.RequireUser(), code, id, ct);
            return Results.NoContent();
        }).RequirePermission(write).WithSummary("应急预案任务分工：删除一项");
    }
}
