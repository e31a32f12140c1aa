using System.Globalization;
using System.Text.Json;
using KnockDoor.Core.Checklists;
using KnockDoor.Core.Common;
using KnockDoor.Core.Visits;
using QRCoder;
using SkiaSharp;

namespace KnockDoor.Web.Features.Printing;

public sealed record FormAnswer(string Code, string Answer, bool FixedOnSpot, string? Note);

public sealed record OtherHazardLine(string Text, bool FixedOnSpot, string? Note);

/// <summary>
/// What one sheet shows: a filled visit (answers, signature, who and when) or a blank form for a paper
/// round (the header pre-filled from the registry, empty boxes, and a QR code leading to the target).
/// </summary>
public sealed class FormSheet
{
    public required ChecklistDefinition Definition { get; init; }
    public int TemplateVersion { get; init; }
    public required string UnitName { get; init; }
    public IReadOnlyDictionary<string, string> Header { get; init; } = new Dictionary<string, string>();
    public bool Blank { get; init; }

    // Filled visits.
    public IReadOnlyDictionary<string, FormAnswer> Answers { get; init; } = new Dictionary<string, FormAnswer>();
    public IReadOnlyList<OtherHazardLine> OtherHazards { get; init; } = [];
    public string? Tasks { get; init; }
    public byte[]? Signature { get; init; }
    public string? SignerName { get; init; }
    public string? VisitorName { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public VisitOutcome Outcome { get; init; } = VisitOutcome.Visited;
    public string? OutcomeReason { get; init; }

    // Blank forms.
    public string? TargetLine { get; init; }
    public string? QrUrl { get; init; }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static FormSheet FromVisit(Visit visit, ChecklistDefinition definition, string unitName) => new()
    {
        Definition = definition,
        TemplateVersion = visit.TemplateVersion,
        UnitName = unitName,
        Header = ParseHeader(visit.Header),
        Answers = ParseAnswers(visit.Answers),
        OtherHazards = ParseOtherHazards(visit.OtherHazards),
        Tasks = visit.Tasks,
        Signature = visit.Signature,
        SignerName = visit.SignerName,
        VisitorName = visit.VisitorName,
        StartedAt = visit.StartedAt,
        FinishedAt = visit.FinishedAt,
        Outcome = visit.Outcome,
        OutcomeReason = visit.OutcomeReason,
    };

    internal static Dictionary<string, string> ParseHeader(string? json)
    {
        var header = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(json))
        {
            return header;
        }
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in doc.RootElement.EnumerateObject())
                {
                    header[p.Name] = p.Value.ValueKind switch
                    {
                        JsonValueKind.String => p.Value.GetString() ?? "",
                        JsonValueKind.Null or JsonValueKind.Undefined => "",
                        _ => p.Value.GetRawText(),
                    };
                }
            }
        }
        catch (JsonException)
        {
            // A header that isn't JSON prints as empty fields rather than failing the whole PDF.
        }
        return header;
    }

    internal static Dictionary<string, FormAnswer> ParseAnswers(string? json)
    {
        var answers = new Dictionary<string, FormAnswer>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(json))
        {
            return answers;
        }
        try
        {
            foreach (var a in JsonSerializer.Deserialize<List<FormAnswer>>(json, Json) ?? [])
            {
                if (a?.Code is not null)
                {
                    answers[a.Code] = a;
                }
            }
        }
        catch (JsonException)
        {
            // As above: an unreadable answer list prints as unanswered.
        }
        return answers;
    }

    /// <summary>Other hazards: a JSON array of {text, fixedOnSpot, note}, or plain text (one hazard a line).</summary>
    internal static List<OtherHazardLine> ParseOtherHazards(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return [];
        }
        var trimmed = value.TrimStart();
        if (trimmed.StartsWith('['))
        {
            try
            {
                return [.. (JsonSerializer.Deserialize<List<OtherHazardLine>>(trimmed, Json) ?? []).Where(h => !string.IsNullOrWhiteSpace(h?.Text))];
            }
            catch (JsonException)
            {
                // Not JSON after all: plain text.
            }
        }
        return [.. value.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Select(l => new OtherHazardLine(l, false, null))];
    }
}

/// <summary>
/// Draws a sheet in the layout of the notice's attachment (“敲门行动”安全隐患排查清单): title, the header
/// table, the items with 是/否 boxes, other hazards, tasks handed over on the spot, the signature and the notes.
/// </summary>
public static class PaperForm
{
    // Header table: label, value, label, value.
    private static readonly float[] HeaderColumns = [96, 160, 112, PdfPages.ContentWidth - 96 - 160 - 112];
    // Items table: number, item, answer, hazard and remarks.
    private static readonly float[] ItemColumns = [30, 285, 78, PdfPages.ContentWidth - 30 - 285 - 78];

    public static string OutcomeName(VisitOutcome outcome) => outcome switch
    {
        VisitOutcome.Visited => "已入户",
        VisitOutcome.NobodyHome => "无人在家",
        VisitOutcome.Refused => "拒绝入户",
        VisitOutcome.MovedAway => "已搬离",
        VisitOutcome.Deceased => "已去世",
        VisitOutcome.Other => "其他",
    };

    public static string SeverityName(Severity severity) => Hazards.HazardNames.Severity(severity);


    public static void Draw(PdfPages pdf, FormSheet sheet, string footer)
    {
        // A blank form is one page (the visitor carries one sheet a household), so it is set a little tighter.
        pdf.TextSize = sheet.Blank ? 8.5f : 10f;
        pdf.VerticalPadding = sheet.Blank ? 1.6f : 3.5f;
        pdf.NewSheet(footer);
        var def = sheet.Definition;

        if (sheet.Blank && sheet.QrUrl is not null)
        {
            DrawQr(pdf, sheet.QrUrl);
        }
        pdf.Title(def.Title, sheet.Blank ? 15f : 16f);
        if (sheet.Blank)
        {
            pdf.Caption($"村(社区)：{sheet.UnitName}　　{sheet.TargetLine}　　清单第 {sheet.TemplateVersion} 版", "");
        }
        else
        {
            var when = sheet.StartedAt is { } s && sheet.FinishedAt is { } f
                ? $"{ChinaTime.Text(s)} 至 {ChinaTime.Text(f, ChinaTime.Text(s, "yyyyMMdd") == ChinaTime.Text(f, "yyyyMMdd") ? "HH:mm" : "yyyy-MM-dd HH:mm")}"
                : "";
            pdf.Caption($"村(社区)：{sheet.UnitName}　　入户时间：{when}", $"清单第 {sheet.TemplateVersion} 版");
        }
        pdf.Gap(2);

        if (!sheet.Blank && sheet.Outcome != VisitOutcome.Visited)
        {
            var text = "入户结果：" + OutcomeName(sheet.Outcome) + (string.IsNullOrWhiteSpace(sheet.OutcomeReason) ? "" : "（" + sheet.OutcomeReason.Trim() + "）");
            pdf.Row([new Cell { Width = PdfPages.ContentWidth, Runs = [new TextRun(text, Bold: true, Alert: true)] }]);
        }

        HeaderTable(pdf, sheet);
        ItemsTable(pdf, sheet);
        Closing(pdf, sheet);
    }

    private static void HeaderTable(PdfPages pdf, FormSheet sheet)
    {
        var fields = new List<(string Label, HeaderField Field)>();
        var byKey = sheet.Definition.Header.ToDictionary(h => h.Key, StringComparer.Ordinal);
        var merged = byKey.ContainsKey("residents") && byKey.ContainsKey("vulnerableResidents");
        foreach (var field in sheet.Definition.Header)
        {
            if (merged && field.Key == "vulnerableResidents")
            {
                continue;
            }
            fields.Add((field.Label, field));
        }
        for (var i = 0; i < fields.Count; i += 2)
        {
            var cells = new List<Cell>();
            var last = i + 1 >= fields.Count;
            cells.Add(Cell.Label(HeaderColumns[0], fields[i].Label));
            cells.Add(ValueCell(pdf, sheet, fields[i].Field, last ? PdfPages.ContentWidth - HeaderColumns[0] : HeaderColumns[1], merged));
            if (!last)
            {
                cells.Add(Cell.Label(HeaderColumns[2], fields[i + 1].Label));
                cells.Add(ValueCell(pdf, sheet, fields[i + 1].Field, HeaderColumns[3], merged));
            }
            var height = cells.Where(c => c.Draw is not null).Select(c => c.DrawnHeight).DefaultIfEmpty(0).Max();
            pdf.Row(cells, Math.Max(height, pdf.LineHeight + 2 * pdf.VerticalPadding + (sheet.Blank ? 3 : 0)));
        }
    }

    private static Cell ValueCell(PdfPages pdf, FormSheet sheet, HeaderField field, float width, bool merged)
    {
        var value = sheet.Header.GetValueOrDefault(field.Key, "").Trim();
        if (field.Key == "residents" && merged)
        {
            var vulnerable = sheet.Header.GetValueOrDefault("vulnerableResidents", "").Trim();
            var total = value.Length > 0 ? value : "　　";
            var weak = vulnerable.Length > 0 ? vulnerable : "　　";
            return Cell.Text(width, $"{total} 人，其中：弱势群体 {weak} 人");
        }
        if (field.Type == "choice" && field.Options is { Count: > 0 } options)
        {
            var chosen = sheet.Blank ? null : value;
            var height = pdf.Options(null, new SKRect(0, 0, width, 1000), options, chosen);
            if (chosen is { Length: > 0 } && !options.Contains(chosen, StringComparer.Ordinal))
            {
                // A value outside the options (an older template's wording): shown as written.
                return Cell.Text(width, chosen);
            }
            return new Cell
            {
                Width = width,
                DrawnHeight = height,
                Draw = (canvas, rect) => pdf.Options(canvas, rect, options, chosen),
            };
        }
        if (field.Type == "number" && value.Length > 0 && field.Key == "floorArea")
        {
            value += " ㎡";
        }
        return Cell.Text(width, value);
    }

    private static void ItemsTable(PdfPages pdf, FormSheet sheet)
    {
        void Heading() => pdf.Row(
        [
            Cell.Text(ItemColumns[0], "序号", bold: true, shaded: true, center: true),
            Cell.Text(ItemColumns[1], "排查项目", bold: true, shaded: true, center: true),
            Cell.Text(ItemColumns[2], "检查结果", bold: true, shaded: true, center: true),
            Cell.Text(ItemColumns[3], sheet.Blank ? "备注" : "隐患及整改情况", bold: true, shaded: true, center: true),
        ]);

        pdf.Need(pdf.LineHeight * 4);
        Heading();
        var number = 0;
        var sectionIndex = 0;
        foreach (var section in sheet.Definition.Sections)
        {
            // The first section is the notice's own list, whose heading is the table's; later ones get a title row.
            if (sectionIndex++ > 0 || sheet.Definition.Sections.Count > 1 && section.Title != "排查项目")
            {
                pdf.Need(pdf.LineHeight * 3);
                pdf.Row([new Cell { Width = PdfPages.ContentWidth, Runs = [new TextRun(section.Title, Bold: true)], Shaded = true }], onNewPage: Heading);
            }
            foreach (var item in section.Items)
            {
                number++;
                var answer = sheet.Answers.GetValueOrDefault(item.Code);
                var isHazard = !sheet.Blank && answer is not null && item.HazardIf is { } h && string.Equals(answer.Answer, h.ToString(), StringComparison.OrdinalIgnoreCase);
                var marks = new List<TextRun>();
                if (isHazard)
                {
                    marks.Add(new TextRun($"隐患（{SeverityName(item.Severity)}）", Bold: true, Alert: true));
                    if (answer!.FixedOnSpot)
                    {
                        marks.Add(new TextRun("现场已整改", Bold: true));
                    }
                }
                if (!string.IsNullOrWhiteSpace(answer?.Note))
                {
                    marks.Add(new TextRun(answer.Note.Trim()));
                }
                var itemCell = new Cell { Width = ItemColumns[1], Runs = [new TextRun(item.Text, Bold: isHazard)] };
                var lines = PdfPages.Wrap(item.Text, pdf.Font(isHazard, pdf.TextSize), ItemColumns[1] - 7).Count;
                var minHeight = Math.Max(lines, 1) * pdf.LineHeight + 2 * pdf.VerticalPadding;
                var given = sheet.Blank ? null : answer?.Answer;
                var answerCell = new Cell
                {
                    Width = ItemColumns[2],
                    DrawnHeight = minHeight,
                    Draw = (canvas, rect) =>
                    {
                        var baseline = rect.MidY + pdf.TextSize * 0.36f;
                        var x = rect.Left + (rect.Width - pdf.TextSize * 4.6f) / 2;
                        x = pdf.Box(canvas, x, baseline, "是", string.Equals(given, "Yes", StringComparison.OrdinalIgnoreCase));
                        pdf.Box(canvas, x + pdf.TextSize * 0.9f, baseline, "否", string.Equals(given, "No", StringComparison.OrdinalIgnoreCase));
                    },
                };
                var marksHeight = marks.Count == 0 ? 0 : marks.Sum(m => PdfPages.Wrap(m.Text, pdf.Font(m.Bold, pdf.TextSize), ItemColumns[3] - 7).Count) * pdf.LineHeight + 2 * pdf.VerticalPadding;
                var height = Math.Max(minHeight, marksHeight);
                answerCell = new Cell { Width = answerCell.Width, DrawnHeight = height, Draw = answerCell.Draw };
                pdf.Row(
                [
                    Cell.Text(ItemColumns[0], number.ToString(CultureInfo.InvariantCulture), center: true),
                    itemCell,
                    answerCell,
                    new Cell { Width = ItemColumns[3], Runs = marks },
                ], height, Heading);
            }
        }
    }

    private static void Closing(PdfPages pdf, FormSheet sheet)
    {
        var labelWidth = HeaderColumns[0];
        var valueWidth = PdfPages.ContentWidth - labelWidth;
        var blankHeight = pdf.LineHeight * 2 + 6;
        var rowHeight = pdf.LineHeight + 2 * pdf.VerticalPadding;
        if (sheet.Definition.OtherHazards)
        {
            var runs = new List<TextRun>();
            var n = 0;
            foreach (var h in sheet.OtherHazards)
            {
                n++;
                runs.Add(new TextRun($"{n.ToString(CultureInfo.InvariantCulture)}. {h.Text.Trim()}" + (h.FixedOnSpot ? "（现场已整改）" : "")
                    + (string.IsNullOrWhiteSpace(h.Note) ? "" : "　" + h.Note.Trim())));
            }
            pdf.Row([Cell.Label(labelWidth, "其它隐患情况"), new Cell { Width = valueWidth, Runs = runs }], sheet.Blank ? blankHeight : rowHeight);
        }
        if (sheet.Definition.Tasks)
        {
            var tasks = sheet.Tasks?.Trim() ?? "";
            pdf.Row([Cell.Label(labelWidth, "现场交办整改事项"), Cell.Text(valueWidth, tasks)], sheet.Blank ? blankHeight : rowHeight);
        }
        if (sheet.Definition.Signature)
        {
            var height = sheet.Blank ? pdf.LineHeight * 2.6f + 4 : 58;
            var signature = sheet.Signature;
            var signer = sheet.SignerName?.Trim();
            pdf.Row(
            [
                Cell.Label(labelWidth, "被检查对象负责人签字"),
                new Cell
                {
                    Width = valueWidth,
                    DrawnHeight = height,
                    Draw = (canvas, rect) =>
                    {
                        var small = pdf.TextSize - 1.5f;
                        pdf.DrawLabel(canvas, rect.Left + 4, rect.Top + small + 3, "（如为居民住户，则户主或家庭成员签字）", size: small, grey: true);
                        if (signature is { Length: > 0 })
                        {
                            pdf.DrawImage(canvas, signature, new SKRect(rect.Left + 8, rect.Top + small + 6, rect.Left + 8 + 200, rect.Bottom - 3));
                        }
                        var label = "签字：" + (string.IsNullOrEmpty(signer) ? "" : signer);
                        pdf.DrawLabel(canvas, rect.Right - 150, rect.Bottom - 6, label);
                    },
                },
            ], height);
        }

        // Who visited and when.
        var visitor = sheet.Blank ? "" : sheet.VisitorName ?? "";
        var date = sheet.Blank
            ? "　　月　　日　　时　　分"
            : sheet.FinishedAt is { } f ? ChinaTime.Text(f) : "";
        pdf.Row(
        [
            Cell.Label(HeaderColumns[0], "敲门入户人员"),
            Cell.Text(HeaderColumns[1], visitor),
            Cell.Label(HeaderColumns[2], sheet.Blank ? "入户时间" : "完成时间"),
            Cell.Text(HeaderColumns[3], date),
        ], rowHeight + (sheet.Blank ? 3 : 0));

        if (sheet.Definition.Notes.Count > 0)
        {
            pdf.Gap(4);
            var notes = string.Join("　", sheet.Definition.Notes.Select((n, i) => $"{(i + 1).ToString(CultureInfo.InvariantCulture)}. {n}"));
            var font = pdf.Font(false, pdf.TextSize - 1.5f);
            foreach (var line in PdfPages.Wrap("注：" + notes, font, PdfPages.ContentWidth))
            {
                pdf.Need(pdf.LineHeight);
                pdf.DrawLabel(pdf.Canvas, PdfPages.Left, pdf.Y + pdf.TextSize - 1.5f, line, size: pdf.TextSize - 1.5f, grey: true);
                pdf.Y += (pdf.TextSize - 1.5f) * 1.45f;
            }
        }
    }

    /// <summary>The QR code at the top right of a blank form: the target's page, to enter the paper later.</summary>
    private static void DrawQr(PdfPages pdf, string url)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
        const float side = 56;
        var area = SKRect.Create(PdfPages.Right - side + 4, PdfPages.Top - 22, side, side);
        pdf.DrawModules(pdf.Canvas, data.ModuleMatrix, area);
        pdf.DrawLabel(pdf.Canvas, area.Left + 8, area.Bottom + 8, "扫码录入", size: 6.5f, grey: true);
    }
}
