using KnockDoor.Core.Accounts;
using KnockDoor.Core.Data;
using KnockDoor.Core.Deliveries;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Features.Deliveries;

/// <summary>A critical hazard (carbon monoxide, gas) as its alert tells it.</summary>
public sealed record CriticalHazardAlert(Guid HazardId, string Title, string Body);

/// <summary>
/// The alerts of critical hazards beyond the app: an e-mail to each officer of the township with an address, one to the
/// campaign's mailbox (the county office), and a post to each configured group robot. The caller stores them in the same
/// transaction as the hazard (the outbox), then calls <see cref="Wake"/> so that they go out at once.
/// </summary>
public sealed class CriticalHazardAlerts(AppDbContext db, Outbox outbox, DeliverySignal signal)
{
    public async Task<List<Delivery>> DeliveriesAsync(string countyCode, Guid campaignId, string? townshipCode, DateOnly day,
        IReadOnlyList<CriticalHazardAlert> hazards, DateTimeOffset now, CancellationToken ct)
    {
        var deliveries = new List<Delivery>();
        if (hazards.Count == 0)
        {
            return deliveries;
        }
        var officers = townshipCode is null
            ? []
            : await db.Users.AsNoTracking()
                .Where(u => u.OrgUnitCode == townshipCode && u.Role == Role.TownshipOfficer && !u.IsDisabled && u.Email != null && u.Email != "")
                .Select(u => new { u.Id, u.Email }).ToListAsync(ct);
        var campaign = await db.Campaigns.AsNoTracking().Where(c => c.Id == campaignId)
            .Select(c => new { c.Name, c.ReportMailbox }).FirstOrDefaultAsync(ct);
        foreach (var hazard in hazards)
        {
            var key = $"critical:{hazard.HazardId:N}";
            var subject = campaign is null ? hazard.Title : $"【{campaign.Name}】{hazard.Title}";
            var body = hazard.Body + "\n\n（本邮件由系统自动发送）";
            foreach (var officer in officers)
            {
                deliveries.Add(Outbox.New(countyCode, DeliveryChannel.Email, DeliveryKind.CriticalHazard, $"{key}:email:{officer.Id:N}", day,
                    officer.Email!.Trim(), subject, body, now));
            }
            if (campaign is not null && !string.IsNullOrWhiteSpace(campaign.ReportMailbox))
            {
                deliveries.Add(Outbox.New(countyCode, DeliveryChannel.Email, DeliveryKind.CriticalHazard, $"{key}:email:office", day,
                    campaign.ReportMailbox.Trim(), subject, body, now));
            }
            deliveries.AddRange(outbox.ToRobots(countyCode, DeliveryKind.CriticalHazard, key, day, hazard.Title, hazard.Body, now));
        }
        return deliveries;
    }

    /// <summary>The alerts are stored: the dispatcher sends them now.</summary>
    public void Wake() => signal.Notify();
}
