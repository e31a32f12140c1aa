using KnockDoor.Core.Checklists;

namespace KnockDoor.Core.Hazards;

/// <summary>One answer as filled on the form.</summary>
public sealed record AnswerInput(string Code, HazardAnswer Answer, bool FixedOnSpot = false, string? Note = null);

/// <summary>One line of “other hazards found”.</summary>
public sealed record OtherHazardInput(string Text, bool FixedOnSpot = false, string? Note = null);

/// <summary>A hazard to store, before it gets its ids, place and finder.</summary>
public sealed record HazardDraft(string? ItemCode, string Description, Severity Severity, HazardStatus Status, string? FixNote);

/// <summary>
/// Which answers are hazards: every answer equal to its item's “hazard if” is one hazard with the item's
/// severity (fixed on the spot or open); every “other hazard” line is one hazard of medium severity.
/// </summary>
public static class HazardDerivation
{
    public const int MaxDescription = 500;

    public static IReadOnlyList<HazardDraft> Derive(ChecklistDefinition definition, IEnumerable<AnswerInput> answers, IEnumerable<OtherHazardInput> otherHazards)
    {
        var items = definition.AllItems.ToDictionary(i => i.Code, StringComparer.Ordinal);
        var drafts = new List<HazardDraft>();
        foreach (var answer in answers)
        {
            if (!items.TryGetValue(answer.Code, out var item) || item.HazardIf is not { } hazardIf || answer.Answer != hazardIf)
            {
                continue;
            }
            drafts.Add(new HazardDraft(item.Code, Describe(item.Text, answer.Note), item.Severity, StatusOf(answer.FixedOnSpot), Clean(answer.Note)));
        }
        foreach (var line in otherHazards)
        {
            if (string.IsNullOrWhiteSpace(line.Text))
            {
                continue;
            }
            drafts.Add(new HazardDraft(null, Describe(line.Text.Trim(), line.Note), Severity.Medium, StatusOf(line.FixedOnSpot), Clean(line.Note)));
        }
        return drafts;
    }

    private static HazardStatus StatusOf(bool fixedOnSpot) => fixedOnSpot ? HazardStatus.FixedOnSpot : HazardStatus.Open;

    private static string? Clean(string? note) => string.IsNullOrWhiteSpace(note) ? null : note.Trim();

    private static string Describe(string text, string? note)
    {
        var clean = Clean(note);
        var description = clean is null ? text : $"{text}（{clean}）";
        return description.Length <= MaxDescription ? description : description[..MaxDescription];
    }
}
