using KnockDoor.Core.Data;
using KnockDoor.Core.OrgUnits;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Auditing;
using KnockDoor.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Features.OrgUnits;

/// <summary>Builds and changes the org tree: divisions from the national codes, villages, institutions.</summary>
public sealed class OrgTree(AppDbContext db, DivisionCatalog divisions, TimeProvider clock, AuditLog audit)
{
    public sealed record LoadResult(string Code, string Name, int Added, int AlreadyPresent);

    /// <summary>
    /// Loads a province (2 digits), prefecture (4) or county (6) with everything under it down to the
    /// townships, and its ancestors, adding only what is missing.
    /// </summary>
    public async Task<LoadResult> LoadDivisionAsync(string code, CurrentUser? by, CancellationToken ct = default)
    {
        code = code.Trim();
        var root = code.Length is 2 or 4 or 6 ? divisions.Find(code) : null;
        if (root is null)
        {
            throw new AppProblemException(Problems.DivisionUnknown);
        }
        var wanted = divisions.Lineage(code).Concat(divisions.Subtree(code)).ToList();
        var codes = wanted.Select(d => d.Code).ToList();
        var existing = new HashSet<string>();
        foreach (var chunk in codes.Chunk(500))
        {
            existing.UnionWith(await db.OrgUnits.Where(o => chunk.Contains(o.Code)).Select(o => o.Code).ToListAsync(ct));
        }
        var now = clock.GetUtcNow();
        var added = 0;
        foreach (var d in wanted.Where(d => !existing.Contains(d.Code)))
        {
            db.OrgUnits.Add(ToOrgUnit(d, now));
            added++;
        }
        audit.Add(by, "load-divisions", "org-unit", code, code, details: $"{root.Name}: 新增 {added} 个单位", countyCode: code.Length == 6 ? code : code);
        await db.SaveChangesAsync(ct);
        return new LoadResult(code, root.Name, added, wanted.Count - added);
    }

    private OrgUnit ToOrgUnit(DivisionCatalog.Division d, DateTimeOffset now)
    {
        var lineage = divisions.Lineage(d.Code);
        var path = string.Concat(lineage.Select(x => x.Code + "/"));
        var county = lineage.FirstOrDefault(x => x.Level == 3)?.Code ?? d.Code;
        return new OrgUnit
        {
            Code = d.Code,
            Name = d.Name,
            Kind = d.Level switch
            {
                1 => OrgUnitKind.Province,
                2 => OrgUnitKind.Prefecture,
                3 => OrgUnitKind.County,
                _ => OrgUnitKind.Township,
            },
            ParentCode = d.ParentCode,
            Path = path,
            CountyCode = county,
            CreatedAt = now,
        };
    }

    public sealed record VillageInput(string TownshipCode, string Name, string? Code, bool IsDemo = false);

    /// <summary>Checks a village before it is added; null when it is fine, else the message.</summary>
    public static string? CheckVillage(OrgUnit? township, string name, string? code, ISet<string> takenCodes, ISet<string> takenNamesInTownship)
    {
        if (township is null || township.Kind != OrgUnitKind.Township)
        {
            return "所属乡镇不存在或不在您的管辖范围内";
        }
        if (string.IsNullOrWhiteSpace(name) || name.Length > 50)
        {
            return "村(社区)名称不能为空，且不超过 50 个字";
        }
        if (takenNamesInTownship.Contains(name))
        {
            return $"{township.Name}已有名为“{name}”的村(社区)";
        }
        if (!string.IsNullOrEmpty(code))
        {
            if (code.Length != 12 || !code.All(char.IsAsciiDigit) || !code.StartsWith(township.Code, StringComparison.Ordinal))
            {
                return $"村级代码应为 12 位数字，且以乡镇代码 {township.Code} 开头";
            }
            if (takenCodes.Contains(code))
            {
                return $"代码 {code} 已被使用";
            }
        }
        return null;
    }

    public async Task<OrgUnit> AddVillageAsync(VillageInput input, CurrentUser by, CancellationToken ct = default)
    {
        var township = await db.OrgUnits.VisibleTo(by).FirstOrDefaultAsync(o => o.Code == input.TownshipCode, ct);
        var name = input.Name.Trim();
        var code = string.IsNullOrWhiteSpace(input.Code) ? null : input.Code.Trim();
        var siblings = township is null ? [] : await db.OrgUnits.Where(o => o.ParentCode == township.Code).ToListAsync(ct);
        var problem = CheckVillage(township, name, code, siblings.Select(s => s.Code).ToHashSet(), siblings.Select(s => s.Name).ToHashSet());
        if (problem is not null)
        {
            throw new AppProblemException(Problems.Validation with { Message = problem });
        }
        if (code is not null && await db.OrgUnits.AnyAsync(o => o.Code == code, ct))
        {
            throw new AppProblemException(Problems.OrgUnitCodeTaken);
        }
        code ??= NextVillageCode(township!.Code, siblings.Select(s => s.Code));
        var village = new OrgUnit
        {
            Code = code,
            Name = name,
            Kind = OrgUnitKind.Village,
            ParentCode = township!.Code,
            Path = OrgUnit.ChildPath(township.Path, code),
            CountyCode = township.CountyCode,
            IsDemo = input.IsDemo,
            CreatedAt = clock.GetUtcNow(),
        };
        db.OrgUnits.Add(village);
        audit.Add(by, AuditActionsOrg.AddVillage, "org-unit", code, code, after: new { village.Code, village.Name, village.ParentCode });
        await db.SaveChangesAsync(ct);
        return village;
    }

    public static string NextVillageCode(string townshipCode, IEnumerable<string> taken)
    {
        var used = taken.ToHashSet();
        for (var n = 201; n < 1000; n++)
        {
            var code = townshipCode + n.ToString("000", System.Globalization.CultureInfo.InvariantCulture);
            if (!used.Contains(code))
            {
                return code;
            }
        }
        throw new AppProblemException(Problems.Validation with { Message = "该乡镇的村级代码已用完，请手工填写代码" });
    }

    public sealed record InstitutionInput(string ParentCode, string Name, string? Type, string? Address, string? ContactName, string? ContactPhone);

    public async Task<OrgUnit> AddInstitutionAsync(InstitutionInput input, CurrentUser by, CancellationToken ct = default)
    {
        var parent = await db.OrgUnits.VisibleTo(by).FirstOrDefaultAsync(o => o.Code == input.ParentCode, ct);
        if (parent is null || parent.Kind is not (OrgUnitKind.County or OrgUnitKind.Township))
        {
            throw new AppProblemException(Problems.OrgUnitUnknown with { Message = "机构必须挂在县或乡镇下，且在您的管辖范围内" });
        }
        var name = input.Name.Trim();
        if (name.Length is 0 or > 100)
        {
            throw new AppProblemException(Problems.Validation with { Message = "机构名称不能为空，且不超过 100 个字" });
        }
        var siblings = await db.OrgUnits.Where(o => o.ParentCode == parent.Code && o.Kind == OrgUnitKind.Institution).ToListAsync(ct);
        if (siblings.Any(s => s.Name == name))
        {
            throw new AppProblemException(Problems.Validation with { Message = $"已有名为“{name}”的机构" });
        }
        var institution = NewInstitution(parent, name, input, siblings.Select(s => s.Code), clock.GetUtcNow());
        db.OrgUnits.Add(institution);
        audit.Add(by, AuditActionsOrg.AddInstitution, "org-unit", institution.Code, institution.Code, after: new { institution.Code, institution.Name, institution.ParentCode, institution.InstitutionType });
        await db.SaveChangesAsync(ct);
        return institution;
    }

    /// <summary>An institution's code: its parent's code, "J" and a two-digit number (not a national code).</summary>
    public static OrgUnit NewInstitution(OrgUnit parent, string name, InstitutionInput input, IEnumerable<string> taken, DateTimeOffset now)
    {
        var used = taken.ToHashSet();
        var n = 1;
        string code;
        do
        {
            code = $"{parent.Code}J{n++:00}";
        }
        while (used.Contains(code));
        return new OrgUnit
        {
            Code = code,
            Name = name,
            Kind = OrgUnitKind.Institution,
            ParentCode = parent.Code,
            Path = OrgUnit.ChildPath(parent.Path, code),
            CountyCode = parent.CountyCode,
            InstitutionType = string.IsNullOrWhiteSpace(input.Type) ? "养老机构" : input.Type.Trim(),
            Address = input.Address?.Trim(),
            ContactName = input.ContactName?.Trim(),
            ContactPhone = input.ContactPhone?.Trim(),
            CreatedAt = now,
        };
    }
}

public static class AuditActionsOrg
{
    public const string AddVillage = "add-village";
    public const string AddInstitution = "add-institution";
    public const string ImportVillages = "import-villages";
}
