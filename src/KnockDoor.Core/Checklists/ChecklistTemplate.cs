using System.Text.Json;
using System.Text.Json.Serialization;

namespace KnockDoor.Core.Checklists;

public enum ChecklistKind
{
    Household = 1,
    Institution = 2,
}

/// <summary>
/// One published version of a checklist. Templates are data: the county office publishes a new version
/// to add, remove, reword or reorder items; a filled form keeps the version it was filled with.
/// </summary>
public sealed class ChecklistTemplate
{
    public Guid Id { get; set; }
    public required string CountyCode { get; set; }
    public ChecklistKind Kind { get; set; }
    public int Version { get; set; }
    public required string Name { get; set; }
    /// <summary>The <see cref="ChecklistDefinition"/> as JSON.</summary>
    public required string Definition { get; set; }
    public bool IsCurrent { get; set; }
    public DateTimeOffset PublishedAt { get; set; }
    public Guid? PublishedBy { get; set; }
    public string? ChangeNote { get; set; }

    public ChecklistDefinition Parse() => ChecklistDefinition.FromJson(Definition);
}

public enum Severity
{
    Medium = 1,
    High = 2,
    Critical = 3,
}

/// <summary>The answer that means a hazard; null for an item that records a fact (H01).</summary>
public enum HazardAnswer
{
    Yes = 1,
    No = 2,
}

public sealed record HeaderField(string Key, string Label, string Type, IReadOnlyList<string>? Options = null, bool Required = false);

public sealed record ChecklistItem(string Code, string Text, HazardAnswer? HazardIf, Severity Severity, string? Hint = null);

public sealed record ChecklistSection(string Title, IReadOnlyList<ChecklistItem> Items);

public sealed record ChecklistDefinition(
    string Title,
    IReadOnlyList<HeaderField> Header,
    IReadOnlyList<ChecklistSection> Sections,
    bool OtherHazards,
    bool Tasks,
    bool Signature,
    IReadOnlyList<string> Notes)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Every item in order; derived, so never written to JSON (it would double every template sent).</summary>
    [JsonIgnore]
    public IEnumerable<ChecklistItem> AllItems => Sections.SelectMany(s => s.Items);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ChecklistDefinition FromJson(string json) =>
        JsonSerializer.Deserialize<ChecklistDefinition>(json, Json) ?? throw new InvalidOperationException("Empty checklist definition.");
}
