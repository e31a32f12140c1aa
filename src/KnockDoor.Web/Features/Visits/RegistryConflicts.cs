using System.Text.Json;
using KnockDoor.Core.Checklists;
using KnockDoor.Core.Data;
using KnockDoor.Core.Targets;
using KnockDoor.Core.Visits;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Features.Visits;

/// <summary>
/// Registry conflicts: the phone pre-fills a household form's header from the registry version it holds
/// (<c>targetVersion</c>); when the registry changed meanwhile and the visit's header disagrees with it, both versions
/// are kept as a <see cref="TargetConflict"/> for a township officer to decide. The visit is stored as submitted.
/// </summary>
public static class RegistryConflicts
{
    /// <summary>The header fields that mirror registry fields, as the phone pre-fills them (field/app.js, newDraft).</summary>
    public static readonly IReadOnlyList<(string Key, string Label)> Fields = [("address", "地址"), ("contactName", "联系人"), ("contactPhone", "联系电话")];

    /// <summary>The registry's values of the header fields: the guardian is the contact when there is one, else the person.</summary>
    public static Dictionary<string, string?> RegistryValues(string name, string? address, string? phone, string? guardianName, string? guardianPhone) => new()
    {
        ["address"] = address,
        ["contactName"] = string.IsNullOrEmpty(guardianName) ? name : guardianName,
        ["contactPhone"] = string.IsNullOrEmpty(guardianPhone) ? phone : guardianPhone,
    };

    public static Dictionary<string, string?> RegistryValues(Target t) => RegistryValues(t.Name, t.Address, t.Phone, t.GuardianName, t.GuardianPhone);

    /// <summary>The visit's values of the header fields (only those it filled).</summary>
    public static Dictionary<string, string?> SubmittedValues(IReadOnlyDictionary<string, string?>? header) =>
        Fields.Where(f => header is not null && !string.IsNullOrWhiteSpace(header.GetValueOrDefault(f.Key)))
            .ToDictionary(f => f.Key, f => (string?)header![f.Key]!.Trim());

    /// <summary>Whether a filled value says something other than the registry (spaces, and a phone's separators, aside).</summary>
    public static bool Differs(string key, string? submitted, string? registry)
    {
        if (string.IsNullOrWhiteSpace(submitted))
        {
            return false;
        }
        return key == "contactPhone"
            ? TargetRules.NormalizePhone(submitted) != TargetRules.NormalizePhone(registry)
            : TargetRules.Clean(submitted) != TargetRules.Clean(registry);
    }

    /// <summary>
    /// The conflict row for a household visit, or null: only when the phone said which registry version it pre-filled
    /// from, the registry has another version now, and a header value the visit filled differs from the registry's.
    /// Only a visit that met someone (outcome Visited) says anything about the header.
    /// </summary>
    public static async Task<TargetConflict?> DetectAsync(AppDbContext db, Visit visit, int? seenVersion, DateTimeOffset now, CancellationToken ct)
    {
        if (seenVersion is not { } seen || visit.Kind != ChecklistKind.Household || visit.Outcome != VisitOutcome.Visited || visit.TargetId is not { } targetId)
        {
            return null;
        }
        var target = await db.Targets.AsNoTracking().Where(t => t.Id == targetId)
            .Select(t => new { t.Version, t.Name, t.Address, t.Phone, t.GuardianName, t.GuardianPhone }).FirstOrDefaultAsync(ct);
        if (target is null || target.Version == seen)
        {
            return null;
        }
        var header = visit.Header is null ? null : JsonSerializer.Deserialize<Dictionary<string, string?>>(visit.Header, VisitJson.Options);
        var submitted = SubmittedValues(header);
        var registry = RegistryValues(target.Name, target.Address, target.Phone, target.GuardianName, target.GuardianPhone);
        if (!submitted.Any(s => Differs(s.Key, s.Value, registry.GetValueOrDefault(s.Key))))
        {
            return null;
        }
        return new TargetConflict
        {
            CountyCode = visit.CountyCode,
            VisitId = visit.Id,
            TargetId = targetId,
            OrgUnitCode = visit.OrgUnitCode,
            OrgPath = visit.OrgPath,
            SeenVersion = seen,
            RegistryVersion = target.Version,
            Registry = JsonSerializer.Serialize(registry, VisitJson.Options),
            Submitted = JsonSerializer.Serialize(submitted, VisitJson.Options),
            DetectedAt = now,
            Version = 1,
        };
    }
}
