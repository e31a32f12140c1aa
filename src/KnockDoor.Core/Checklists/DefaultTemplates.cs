namespace KnockDoor.Core.Checklists;

/// <summary>
/// The first published versions: the household checklist exactly as the notice's attachment
/// (“敲门行动”安全隐患排查清单), with a winter section of our own, and the institution checklist from the
/// notice's duties for elderly-care institutions. Later versions are published by the county office.
/// </summary>
public static class DefaultTemplates
{
    private static ChecklistItem Item(string code, string text, HazardAnswer? hazardIf, Severity severity = Severity.Medium, string? hint = null) =>
        new(code, text, hazardIf, severity, hint);

    public static ChecklistDefinition Household() => new(
        "“敲门行动”安全隐患排查清单",
        [
            new("placeName", "检查地点(对象)名称", "text", Required: true),
            new("floors", "建筑层数", "number"),
            new("address", "地址", "text", Required: true),
            new("residents", "居住人员总数", "number"),
            new("vulnerableResidents", "其中：弱势群体人数", "number"),
            new("floorArea", "场所建筑面积(㎡)", "number"),
            new("placeKind", "场所性质", "choice", ["居民住宅", "多合一场所", "工地", "宿舍", "其他"]),
            new("structure", "建筑结构", "choice", ["木结构", "砖木结构", "砖混结构", "钢结构"]),
            new("floorsUsed", "使用层数(地上、地下、半地下)", "text"),
            new("contactName", "联系人", "text"),
            new("contactPhone", "联系电话", "phone"),
        ],
        [
            new("排查项目", [
                Item("H01", "是否有独居、孤寡老人、留守儿童、病残人员、“五保户”等弱势群体人员", null),
                Item("H02", "是否安装防盗窗、广告牌", HazardAnswer.Yes),
                Item("H03", "电气线路是否采取穿管、线槽、漏电保护开关等防火保护措施", HazardAnswer.No),
                Item("H04", "电气线路是否老化、年久失修", HazardAnswer.Yes, Severity.High),
                Item("H05", "燃气管道是否漏气、软管是否破裂损坏", HazardAnswer.Yes, Severity.Critical, "发现漏气立即关阀、开窗通风，严禁动火，并立即报告乡镇"),
                Item("H06", "燃气钢瓶是否超过安全使用年限", HazardAnswer.Yes),
                Item("H07", "是否存放大量可燃物品或堆放大量杂物", HazardAnswer.Yes),
                Item("H08", "住宅内楼道、楼梯、走道等疏散通道是否畅通", HazardAnswer.No),
                Item("H09", "是否养成良好用火用电习惯，做到人离电断、人走火灭", HazardAnswer.No),
                Item("H10", "电动车是否在室内、楼道、楼梯等处停放或充电", HazardAnswer.Yes, Severity.High),
                Item("H11", "是否做到“三清三关”（清走道、清阳台、清厨房，关火源、关电源、关气源）", HazardAnswer.No),
                Item("H12", "用火期间是否全程有人看守，是否与可燃物保持安全距离", HazardAnswer.No),
                Item("H13", "是否使用炭火取暖且屋内完全封闭", HazardAnswer.Yes, Severity.Critical, "一氧化碳中毒危险：立即开窗通风、熄灭炭火，并立即报告乡镇"),
                Item("H14", "是否掌握基本消防安全常识、是否会报火警", HazardAnswer.No),
                Item("H15", "是否属于含有生产、经营、仓储场所的多合一场所", HazardAnswer.Yes),
                Item("H16", "使用瓶装液化燃气为燃料的热水器是否保证废气直排室外", HazardAnswer.No, Severity.High),
            ]),
            new("冬季专项（积雪、结冰、大风、取暖）", [
                Item("W01", "房屋屋顶或结构是否存在积雪压塌风险", HazardAnswer.Yes, Severity.High),
                Item("W02", "院内及出入道路是否结冰未处理", HazardAnswer.Yes),
                Item("W03", "户外设施（棚架、广告牌、太阳能等）是否松动、有被大风刮倒风险", HazardAnswer.Yes),
                Item("W04", "火炉烟道、烟囱是否堵塞或漏烟", HazardAnswer.Yes, Severity.High),
                Item("W05", "燃煤是否安全存放（远离火源、不在卧室堆放）", HazardAnswer.No),
                Item("W06", "是否安装一氧化碳报警器", HazardAnswer.No),
            ]),
        ],
        OtherHazards: true,
        Tasks: true,
        Signature: true,
        [
            "此表由敲门入户人员填写，交组织入户行动的村(社区)或部门单位存档汇总。",
            "对现场发现的隐患已整改落实的，记为“现场已整改”，仍计入发现隐患数。",
            "入户对象为村(社区)住户、各类生产经营场所等，根据入户检查对象实际填写，并由检查对象相关人员签字确认。",
        ]);

    public static ChecklistDefinition Institution() => new(
        "养老机构冬季安全检查表",
        [
            new("placeName", "机构名称", "text", Required: true),
            new("address", "地址", "text"),
            new("residents", "在院老人数", "number"),
            new("staffOnDuty", "在岗工作人员数", "number"),
            new("contactName", "机构负责人", "text"),
            new("contactPhone", "联系电话", "phone"),
        ],
        [
            new("设施设备", [
                Item("I01", "供水设施是否正常运转", HazardAnswer.No, Severity.High),
                Item("I02", "供电设施是否正常运转", HazardAnswer.No, Severity.High),
                Item("I03", "供气设施是否正常、无泄漏", HazardAnswer.No, Severity.Critical),
                Item("I04", "供暖设施是否正常运转、充足开放、安全运行", HazardAnswer.No, Severity.High),
                Item("I05", "消防设施设备是否完好有效", HazardAnswer.No, Severity.High),
                Item("I06", "机构内道路、楼梯等区域是否已做防滑处理", HazardAnswer.No),
            ]),
            new("管理制度", [
                Item("I07", "是否严格执行24小时值班制度和巡查制度", HazardAnswer.No),
                Item("I08", "是否制定灾害天气应急预案并细化任务分工", HazardAnswer.No),
                Item("I09", "生活、救灾物资储备是否充足", HazardAnswer.No),
                Item("I10", "是否做好断水、断电等情况的应对准备", HazardAnswer.No),
                Item("I11", "法定代表人、护理人员、消控人员是否已完成再学习、再培训", HazardAnswer.No),
                Item("I12", "是否劝导老年人在雨雪大风天气不私自、独自外出", HazardAnswer.No),
            ]),
        ],
        OtherHazards: true,
        Tasks: true,
        Signature: true,
        ["由乡镇（监督检查）或机构（自查）填写；发现的问题登记在案，能立即解决的立即解决，不能立即解决的限期整改。"]);
}
