using KnockDoor.Core.Data;
using KnockDoor.Web.Features.Reports;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Features.Institutions;

/// <summary>
/// The institution's figures of the daily report from its records: residents and staff on duty (the day's state), patrol
/// rounds, equipment checks passed and failed, training sessions and attendees (the day and since the campaign's start).
/// Only institutions' reports carry them; a township's report has none of these rows.
/// </summary>
public sealed class InstitutionFigureSource(AppDbContext db) : IDailyFigureSource
{
    public async Task AddAsync(FigureScope scope, IReadOnlyDictionary<ReportUnit, Dictionary<string, FigureValue>> figures, CancellationToken ct)
    {
        if (!figures.Keys.Any(u => u.Kind == ReportUnitKind.Institution))
        {
            return;
        }
        var (county, path, start, day) = (scope.CountyCode, scope.ScopePath, scope.CampaignStart, scope.Day);
        const ReportUnitKind kind = ReportUnitKind.Institution;

        // States: the day's row only.
        var residents = await db.ResidentDays.AsNoTracking()
            .Where(r => r.CountyCode == county && r.OrgPath.StartsWith(path) && r.Day == day)
            .Select(r => new PathDayValue(r.OrgPath, r.Day, r.Present)).ToListAsync(ct);
        scope.Add(figures, kind, DailyFigures.Residents, residents);
        var staff = await db.DutyRoster.AsNoTracking()
            .Where(d => d.CountyCode == county && d.OrgPath.StartsWith(path) && d.Day == day)
            .Select(d => new { d.OrgPath, d.StaffName }).Distinct()
            .GroupBy(d => d.OrgPath).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        scope.Add(figures, kind, DailyFigures.StaffOnDuty, [.. staff.Select(s => new PathDayValue(s.Key, day, s.Count))]);

        // Counts: every day from the campaign's start to the day.
        var rounds = await db.InstitutionPatrols.AsNoTracking()
            .Where(p => p.CountyCode == county && p.OrgPath.StartsWith(path) && p.Day >= start && p.Day <= day)
            .GroupBy(p => new { p.OrgPath, p.Day }).Select(g => new PathDayValue(g.Key.OrgPath, g.Key.Day, g.Count())).ToListAsync(ct);
        scope.Add(figures, kind, DailyFigures.PatrolRounds, rounds);
        var checks = await db.EquipmentChecks.AsNoTracking()
            .Where(c => c.CountyCode == county && c.OrgPath.StartsWith(path) && c.Day >= start && c.Day <= day)
            .GroupBy(c => new { c.OrgPath, c.Day, c.Passed }).Select(g => new { g.Key.OrgPath, g.Key.Day, g.Key.Passed, Count = g.Count() })
            .ToListAsync(ct);
        scope.Add(figures, kind, DailyFigures.EquipmentPassed, [.. checks.Where(c => c.Passed).Select(c => new PathDayValue(c.OrgPath, c.Day, c.Count))]);
        scope.Add(figures, kind, DailyFigures.EquipmentFailed, [.. checks.Where(c => !c.Passed).Select(c => new PathDayValue(c.OrgPath, c.Day, c.Count))]);
        var trainings = await db.TrainingSessions.AsNoTracking()
            .Where(t => t.CountyCode == county && t.OrgPath.StartsWith(path) && t.Day >= start && t.Day <= day)
            .GroupBy(t => new { t.OrgPath, t.Day }).Select(g => new { g.Key.OrgPath, g.Key.Day, Count = g.Count(), Attendees = g.Sum(t => t.AttendeeCount) })
            .ToListAsync(ct);
        scope.Add(figures, kind, DailyFigures.TrainingSessions, [.. trainings.Select(t => new PathDayValue(t.OrgPath, t.Day, t.Count))]);
        scope.Add(figures, kind, DailyFigures.TrainingAttendees, [.. trainings.Select(t => new PathDayValue(t.OrgPath, t.Day, t.Attendees))]);
    }
}
