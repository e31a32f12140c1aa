namespace KnockDoor.Web.Features.OrgUnits;

/// <summary>
/// The national statistical division codes shipped with the product (Seed/divisions, see its SOURCE.md):
/// provinces, prefectures, counties and townships. Read once, on first use.
/// </summary>
public sealed class DivisionCatalog
{
    private readonly Lazy<Data> data;

    public DivisionCatalog(IWebHostEnvironment env) : this(Path.Combine(AppContext.BaseDirectory, "Seed", "divisions"))
    {
        _ = env;
    }

    public DivisionCatalog(string folder) => data = new Lazy<Data>(() => Load(folder));

    public sealed record Division(string Code, string Name, string? ParentCode, int Level);

    private sealed record Data(Dictionary<string, Division> ByCode, Dictionary<string, List<Division>> Children);

    public Division? Find(string code) => data.Value.ByCode.GetValueOrDefault(code);

    public IReadOnlyList<Division> ChildrenOf(string code) => data.Value.Children.TryGetValue(code, out var list) ? list : [];

    /// <summary>The division and its ancestors, from the province down.</summary>
    public IReadOnlyList<Division> Lineage(string code)
    {
        var chain = new List<Division>();
        for (var d = Find(code); d is not null; d = d.ParentCode is null ? null : Find(d.ParentCode))
        {
            chain.Add(d);
        }
        chain.Reverse();
        return chain;
    }

    public IEnumerable<Division> Subtree(string code)
    {
        var stack = new Stack<string>();
        stack.Push(code);
        while (stack.Count > 0)
        {
            foreach (var child in ChildrenOf(stack.Pop()))
            {
                yield return child;
                stack.Push(child.Code);
            }
        }
    }

    private static Data Load(string folder)
    {
        var byCode = new Dictionary<string, Division>();
        void Read(string file, int level, int parentColumn)
        {
            foreach (var line in File.ReadLines(Path.Combine(folder, file)).Skip(1))
            {
                var cells = line.Split(',');
                if (cells.Length < 2)
                {
                    continue;
                }
                var code = cells[0].Trim();
                var name = cells[1].Trim().Trim('"');
                var parent = parentColumn < 0 ? null : cells[parentColumn].Trim();
                byCode[code] = new Division(code, name, parent, level);
            }
        }
        Read("provinces.csv", 1, -1);
        Read("cities.csv", 2, 2);
        Read("areas.csv", 3, 2);
        Read("streets.csv", 4, 2);
        var children = byCode.Values.Where(d => d.ParentCode is not null)
            .GroupBy(d => d.ParentCode!)
            .ToDictionary(g => g.Key, g => g.OrderBy(d => d.Code, StringComparer.Ordinal).ToList());
        return new Data(byCode, children);
    }
}
