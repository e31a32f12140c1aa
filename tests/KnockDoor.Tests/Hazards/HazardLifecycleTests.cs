using KnockDoor.Core.Accounts;
using KnockDoor.Core.Hazards;

namespace KnockDoor.Tests.Hazards;

public sealed class HazardLifecycleTests
{
    private static readonly DateOnly Today = new(2026, 12, 1);
    private static readonly Guid Finder = Guid.NewGuid();
    private static readonly Guid Assignee = Guid.NewGuid();
    private static readonly Guid Fixer = Guid.NewGuid();

    private static HazardState State(HazardStatus status, DateOnly? deadline = null, bool awaitingRevisit = true) =>
        new(status, Finder, Assignee, Fixer, deadline, awaitingRevisit);

    private static HazardMove Complete(HazardAction action) =>
        new(action, Guid.NewGuid(), Today.AddDays(3), "已整改", "照片不清楚", "已断开燃气总阀", 1);

    public static TheoryData<HazardStatus, HazardAction> Everything()
    {
        var data = new TheoryData<HazardStatus, HazardAction>();
        foreach (var status in Enum.GetValues<HazardStatus>())
        {
            foreach (var action in Enum.GetValues<HazardAction>())
            {
                data.Add(status, action);
            }
        }
        return data;
    }

    [Theory, MemberData(nameof(Everything))]
    public void TownshipOfficer_EveryActionFromEveryStatus_FollowsTheTable(HazardStatus from, HazardAction action)
    {
        var decision = HazardLifecycle.Decide(State(from), new HazardActor(Guid.NewGuid(), Role.TownshipOfficer), Complete(action), Today);

        var expected = (from, action) switch
        {
            (HazardStatus.Open, HazardAction.Assign) => HazardStatus.Assigned,
            (HazardStatus.Open, HazardAction.Escalate) => HazardStatus.Escalated,
            (HazardStatus.Assigned, HazardAction.ReportFix) => HazardStatus.ReportedFixed,
            (HazardStatus.Assigned, HazardAction.Escalate) => HazardStatus.Escalated,
            (HazardStatus.Assigned, HazardAction.Reassign) => HazardStatus.Assigned,
            (HazardStatus.ReportedFixed, HazardAction.Verify) => HazardStatus.Closed,
            (HazardStatus.ReportedFixed, HazardAction.SendBack) => HazardStatus.Assigned,
            (HazardStatus.Escalated, HazardAction.Resolve) => HazardStatus.Closed,
            (HazardStatus.Escalated, HazardAction.Reassign) => HazardStatus.Assigned,
            (HazardStatus.Closed, HazardAction.ConfirmRevisit) => HazardStatus.Closed,
            (HazardStatus.FixedOnSpot, HazardAction.ConfirmRevisit) => HazardStatus.FixedOnSpot,
            (HazardStatus.Closed or HazardStatus.FixedOnSpot, HazardAction.Reopen) => HazardStatus.Open,
            _ => (HazardStatus?)null,
        };
        if (expected is null)
        {
            Assert.Equal(HazardRefusal.IllegalTransition, decision.Refusal);
            Assert.False(decision.Allowed);
        }
        else
        {
            Assert.Equal(expected, decision.To);
        }
    }

    [Theory]
    [InlineData(Role.CountyLeader, HazardAction.Assign)]
    [InlineData(Role.CountyLeader, HazardAction.ReportFix)]
    [InlineData(Role.FieldWorker, HazardAction.Assign)]
    [InlineData(Role.FieldWorker, HazardAction.Verify)]
    [InlineData(Role.InstitutionStaff, HazardAction.Escalate)]
    [InlineData(Role.CountyOffice, HazardAction.ReportFix)]
    public void RoleWithoutThePermission_IsNotPermitted(Role role, HazardAction action)
    {
        var decision = HazardLifecycle.Decide(State(HazardStatus.Assigned), new HazardActor(Assignee, role), Complete(action), Today);

        Assert.Equal(HazardRefusal.NotPermitted, decision.Refusal);
    }

    [Theory]
    [InlineData(HazardStatus.Closed, HazardAction.ConfirmRevisit)]
    [InlineData(HazardStatus.Closed, HazardAction.Reopen)]
    [InlineData(HazardStatus.FixedOnSpot, HazardAction.Reopen)]
    public void Revisit_OfAHazardNotOnARevisitList_IsRefused(HazardStatus from, HazardAction action)
    {
        var decision = HazardLifecycle.Decide(State(from, awaitingRevisit: false), new HazardActor(Guid.NewGuid(), Role.TownshipOfficer), Complete(action), Today);

        Assert.Equal(HazardRefusal.NotOnRevisitList, decision.Refusal);
    }

    [Fact]
    public void Reopen_WithoutAReason_IsRefused()
    {
        var decision = HazardLifecycle.Decide(State(HazardStatus.Closed), new HazardActor(Guid.NewGuid(), Role.TownshipOfficer),
            new HazardMove(HazardAction.Reopen), Today);

        Assert.Equal(HazardRefusal.ReasonRequired, decision.Refusal);
    }

    [Fact]
    public void Verify_ByTheFixer_IsRefused()
    {
        var decision = HazardLifecycle.Decide(State(HazardStatus.ReportedFixed), new HazardActor(Fixer, Role.TownshipOfficer), Complete(HazardAction.Verify), Today);

        Assert.Equal(HazardRefusal.VerifierIsFixer, decision.Refusal);
    }

    [Theory]
    [InlineData(true, false, false, null)]
    [InlineData(false, true, false, null)]
    [InlineData(false, false, true, null)]
    [InlineData(false, false, false, HazardRefusal.NotAssignee)]
    public void ReportFix_ByAFieldWorker_OnlyWhenAssignedFinderOrVisitingTheHousehold(bool isAssignee, bool isFinder, bool visits, HazardRefusal? refusal)
    {
        var actor = isAssignee ? Assignee : isFinder ? Finder : Guid.NewGuid();

        var decision = HazardLifecycle.Decide(State(HazardStatus.Assigned), new HazardActor(actor, Role.FieldWorker, visits), Complete(HazardAction.ReportFix), Today);

        Assert.Equal(refusal, decision.Refusal);
    }

    [Fact]
    public void ReportFix_WithoutPhotoOrNote_IsRefused()
    {
        var officer = new HazardActor(Guid.NewGuid(), Role.TownshipOfficer);

        Assert.Equal(HazardRefusal.PhotoRequired, HazardLifecycle.Decide(State(HazardStatus.Assigned), officer,
            Complete(HazardAction.ReportFix) with { PhotoCount = 0 }, Today).Refusal);
        Assert.Equal(HazardRefusal.NoteRequired, HazardLifecycle.Decide(State(HazardStatus.Assigned), officer,
            Complete(HazardAction.ReportFix) with { Note = " " }, Today).Refusal);
    }

    [Fact]
    public void Assign_NeedsAssigneeAndAFutureDeadline_ExceptACriticalHazardKeepsItsOwn()
    {
        var officer = new HazardActor(Guid.NewGuid(), Role.TownshipOfficer);
        var assign = Complete(HazardAction.Assign);

        Assert.Equal(HazardRefusal.AssigneeRequired, HazardLifecycle.Decide(State(HazardStatus.Open), officer, assign with { AssigneeId = null }, Today).Refusal);
        Assert.Equal(HazardRefusal.DeadlineRequired, HazardLifecycle.Decide(State(HazardStatus.Open), officer, assign with { Deadline = null }, Today).Refusal);
        Assert.Equal(HazardRefusal.DeadlineInPast, HazardLifecycle.Decide(State(HazardStatus.Open), officer, assign with { Deadline = Today.AddDays(-1) }, Today).Refusal);
        Assert.Equal(HazardStatus.Assigned, HazardLifecycle.Decide(State(HazardStatus.Open, deadline: Today), officer, assign with { Deadline = null }, Today).To);
    }

    [Fact]
    public void SendBackEscalateResolve_NeedTheirWords()
    {
        var officer = new HazardActor(Guid.NewGuid(), Role.TownshipOfficer);

        Assert.Equal(HazardRefusal.ReasonRequired, HazardLifecycle.Decide(State(HazardStatus.ReportedFixed), officer, Complete(HazardAction.SendBack) with { Reason = null }, Today).Refusal);
        Assert.Equal(HazardRefusal.InterimMeasuresRequired, HazardLifecycle.Decide(State(HazardStatus.Open), officer, Complete(HazardAction.Escalate) with { InterimMeasures = "" }, Today).Refusal);
        Assert.Equal(HazardRefusal.NoteRequired, HazardLifecycle.Decide(State(HazardStatus.Escalated), officer, Complete(HazardAction.Resolve) with { Note = null }, Today).Refusal);
    }
}
