using KnockDoor.Core.Common;

namespace KnockDoor.Tests.Common;

public sealed class ChinaTimeTests
{
    [Theory]
    [InlineData("2024-11-22T15:59:59+00:00", "2024-11-22")]
    [InlineData("2024-11-22T16:00:00+00:00", "2024-11-23")]
    [InlineData("2024-11-22T23:30:00-05:00", "2024-11-23")]
    public void DayOf_IsTheChinaCalendarDay_WhateverTheOffset(string instant, string day) =>
        Assert.Equal(DateOnly.Parse(day), ChinaTime.DayOf(DateTimeOffset.Parse(instant)));

    [Fact]
    public void StartOf_IsMidnightInChina_AsUtc()
    {
        var start = ChinaTime.StartOf(new DateOnly(2024, 11, 20));

        Assert.Equal(TimeSpan.Zero, start.Offset);
        Assert.Equal(new DateTimeOffset(2024, 11, 19, 16, 0, 0, TimeSpan.Zero), start);
    }

    [Fact]
    public void Text_ShowsChinaWallClock() =>
        Assert.Equal("2024-11-22 15:00", ChinaTime.Text(new DateTimeOffset(2024, 11, 22, 7, 0, 0, TimeSpan.Zero)));
}
