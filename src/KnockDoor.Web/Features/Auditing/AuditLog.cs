using System.Text.Json;
using System.Text.Json.Serialization;
using KnockDoor.Core.Auditing;
using KnockDoor.Core.Data;
using KnockDoor.Web.Auth;

namespace KnockDoor.Web.Features.Auditing;

/// <summary>
/// Adds audit rows to the same unit of work as the change they describe, so that a change and its audit
/// row are stored together or not at all.
/// </summary>
public sealed class AuditLog(AppDbContext db, TimeProvider clock, IHttpContextAccessor http)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string? Snapshot(object? value) => value is null ? null : JsonSerializer.Serialize(value, Json);

    public AuditEntry Add(CurrentUser? user, string action, string entityType, string? entityId, string? orgUnitCode,
        object? before = null, object? after = null, string? details = null, string? countyCode = null)
    {
        var entry = Create(user, action, entityType, entityId, orgUnitCode, before, after, details, countyCode);
        db.AuditEntries.Add(entry);
        return entry;
    }

    /// <summary>The audit row, not yet added: for a caller that stores it with its change some other way.</summary>
    public AuditEntry Create(CurrentUser? user, string action, string entityType, string? entityId, string? orgUnitCode,
        object? before = null, object? after = null, string? details = null, string? countyCode = null)
    {
        return new AuditEntry
        {
            CountyCode = countyCode ?? user?.CountyCode ?? "",
            At = clock.GetUtcNow(),
            UserId = user?.Id,
            UserName = user?.UserName,
            Action = action,
            EntityType = entityType,
            EntityId = entityId,
            OrgUnitCode = orgUnitCode,
            Before = before as string ?? Snapshot(before),
            After = after as string ?? Snapshot(after),
            Details = details,
            IpAddress = http.HttpContext?.Connection.RemoteIpAddress?.ToString(),
        };
    }
}
