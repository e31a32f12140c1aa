using KnockDoor.Web.Infrastructure;

namespace KnockDoor.Web.Features.Weather;

/// <summary>The problem codes of weather warnings (listed in docs/problem-codes.md; a retired code is never reused).</summary>
public static class WeatherProblems
{
    public static readonly AppProblem KindRequired = new(400, "weather.kind_required", "请选择预警类型（寒潮、暴雪、道路结冰或大风）");
    public static readonly AppProblem LevelRequired = new(400, "weather.level_required", "请选择预警等级（蓝色、黄色、橙色或红色）");
    public static readonly AppProblem TownshipsRequired = new(400, "weather.townships_required", "请选择预警涉及的乡镇，或选择全县");
    public static readonly AppProblem TownshipUnknown = new(400, "weather.township_unknown", "所选乡镇不存在，或不属于本县");
    public static readonly AppProblem TimeInvalid = new(400, "weather.time_invalid", "请填写预警的开始时间和结束时间（北京时间）");
    public static readonly AppProblem RangeInvalid = new(400, "weather.range_invalid", "结束时间应晚于开始时间");
    public static readonly AppProblem TooLong = new(400, "weather.too_long", $"一次预警的时间不能超过 {WeatherService.MaxDays} 天");
    public static readonly AppProblem AlreadyOver = new(400, "weather.already_over", "结束时间已过，该预警无需发布");
    public static readonly AppProblem NoteTooLong = new(400, "weather.note_too_long", $"备注不能超过 {WeatherService.MaxNote} 个字");
}
