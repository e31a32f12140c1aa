using KnockDoor.Core.Checklists;
using KnockDoor.Core.Hazards;

namespace KnockDoor.Tests.Hazards;

public sealed class HazardDerivationTests
{
    private static readonly ChecklistDefinition Household = DefaultTemplates.Household();

    public static TheoryData<string> HazardItems()
    {
        var data = new TheoryData<string>();
        foreach (var item in DefaultTemplates.Household().AllItems.Where(i => i.HazardIf is not null))
        {
            data.Add(item.Code);
        }
        foreach (var item in DefaultTemplates.Institution().AllItems.Where(i => i.HazardIf is not null))
        {
            data.Add(item.Code);
        }
        return data;
    }

    private static ChecklistDefinition DefinitionOf(string code) =>
        Household.AllItems.Any(i => i.Code == code) ? Household : DefaultTemplates.Institution();

    [Theory, MemberData(nameof(HazardItems))]
    public void HazardAnswer_GivesOneHazardWithTheItemsSeverity(string code)
    {
        var definition = DefinitionOf(code);
        var item = definition.AllItems.Single(i => i.Code == code);

        var drafts = HazardDerivation.Derive(definition, [new AnswerInput(code, item.HazardIf!.Value)], []);

        var draft = Assert.Single(drafts);
        Assert.Equal(code, draft.ItemCode);
        Assert.Equal(item.Severity, draft.Severity);
        Assert.Equal(HazardStatus.Open, draft.Status);
        Assert.Equal(item.Text, draft.Description);
    }

    [Theory, MemberData(nameof(HazardItems))]
    public void OppositeAnswer_GivesNoHazard(string code)
    {
        var definition = DefinitionOf(code);
        var item = definition.AllItems.Single(i => i.Code == code);
        var safe = item.HazardIf == HazardAnswer.Yes ? HazardAnswer.No : HazardAnswer.Yes;

        Assert.Empty(HazardDerivation.Derive(definition, [new AnswerInput(code, safe)], []));
    }

    [Fact]
    public void FixedOnSpot_ClosesTheHazardAndKeepsTheNote()
    {
        var drafts = HazardDerivation.Derive(Household, [new AnswerInput("H05", HazardAnswer.Yes, FixedOnSpot: true, Note: " 已关阀更换软管 ")], []);

        var draft = Assert.Single(drafts);
        Assert.Equal(HazardStatus.FixedOnSpot, draft.Status);
        Assert.Equal(Severity.Critical, draft.Severity);
        Assert.Equal("已关阀更换软管", draft.FixNote);
        Assert.EndsWith("（已关阀更换软管）", draft.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void FactItem_AndUnknownCode_GiveNoHazard()
    {
        Assert.Empty(HazardDerivation.Derive(Household, [new AnswerInput("H01", HazardAnswer.Yes), new AnswerInput("H01", HazardAnswer.No), new AnswerInput("Z99", HazardAnswer.Yes)], []));
    }

    [Fact]
    public void OtherHazardLines_AreMediumHazardsWithoutItem_BlankLinesSkipped()
    {
        var drafts = HazardDerivation.Derive(Household, [],
            [new OtherHazardInput(" 院内电线私拉乱接 "), new OtherHazardInput("  "), new OtherHazardInput("灭火器过期", FixedOnSpot: true)]);

        Assert.Equal(2, drafts.Count);
        Assert.All(drafts, d => Assert.Null(d.ItemCode));
        Assert.All(drafts, d => Assert.Equal(Severity.Medium, d.Severity));
        Assert.Equal("院内电线私拉乱接", drafts[0].Description);
        Assert.Equal(HazardStatus.Open, drafts[0].Status);
        Assert.Equal(HazardStatus.FixedOnSpot, drafts[1].Status);
    }
}
