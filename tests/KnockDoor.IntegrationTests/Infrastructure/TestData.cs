using System.Globalization;
using KnockDoor.Core.Targets;

namespace KnockDoor.IntegrationTests.Infrastructure;

/// <summary>Fresh values for each test, so that no test meets another's rows.</summary>
public static class TestData
{
    public const string County = "141129";
    public const string Ningxiang = "141129100";
    public const string Jinluo = "141129101";
    public const string NingxiangVillage = "141129100901"; // 宁乡演示一村
    public const string NingxiangVillageName = "宁乡演示一村";
    public const string JinluoVillage = "141129101901";    // 金罗演示一村
    public const string JinluoVillageName = "金罗演示一村";

    // Region codes other than the demo county's, so that a made-up number never meets a seeded one.
    private static readonly string[] Regions = ["142301", "142302", "142303", "142322", "142323"];
    private const string NameChars = "安柏晨丹恩凡歌涵佳景乐铭宁沛清蓉书婷薇希妍悦哲芝岚";
    private static readonly HashSet<string> Issued = [];
    private static readonly Lock Gate = new();

    /// <summary>A valid 18-character ID number never handed out before in this run.</summary>
    public static string IdNumber(char? checkDigit = null)
    {
        lock (Gate)
        {
            while (true)
            {
                var region = Regions[Random.Shared.Next(Regions.Length)];
                var birth = new DateOnly(1935, 1, 1).AddDays(Random.Shared.Next(365 * 60));
                var first17 = string.Create(CultureInfo.InvariantCulture, $"{region}{birth:yyyyMMdd}{Random.Shared.Next(1000):000}");
                var id = first17 + IdNumbers.CheckDigit(first17);
                if ((checkDigit is null || id[17] == checkDigit) && Issued.Add(id))
                {
                    return id;
                }
            }
        }
    }

    /// <summary>The same number with a wrong last character.</summary>
    public static string WithBadCheckDigit(string id)
    {
        var wrong = id[17] == '0' ? '1' : '0';
        return id[..17] + wrong;
    }

    /// <summary>A made-up Chinese name, unique in this run (a search for it finds only this person).</summary>
    public static string Name()
    {
        lock (Gate)
        {
            while (true)
            {
                var chars = new char[4];
                for (var i = 0; i < chars.Length; i++)
                {
                    chars[i] = NameChars[Random.Shared.Next(NameChars.Length)];
                }
                var name = "试" + new string(chars);
                if (Issued.Add(name))
                {
                    return name;
                }
            }
        }
    }

    public static string UserName(string prefix) => prefix + Guid.NewGuid().ToString("N")[..10];

    public static string Mobile() => "187" + Random.Shared.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);

    public const string AccountPassword = "Test#2024kd";

    /// <summary>A registry entry as the API takes it.</summary>
    public static Dictionary<string, object?> Target(string orgUnitCode, string? idNumber = null, string? name = null, string? phone = null) => new()
    {
        ["name"] = name ?? Name(),
        ["categories"] = new[] { "GuguaElderly", "LivingAlone" },
        ["idNumber"] = idNumber ?? IdNumber(),
        ["phone"] = phone ?? Mobile(),
        ["orgUnitCode"] = orgUnitCode,
        ["address"] = "测试地址1组1号",
        ["guardianName"] = "测试联系人",
        ["guardianPhone"] = Mobile(),
    };
}
