namespace GreenChannel.Applicant.Eligibility;

/// <summary>Every rule code the engine can return, with what it means. docs/eligibility-rules.md lists the same codes.</summary>
internal static class RuleCatalogue
{
    public static readonly IReadOnlyDictionary<string, string> Rules = new Dictionary<string, string>
    {
        ["FORM.REQUIRED"] = "必填项未填写",
        ["FORM.GENDER"] = "性别只能是“男”或“女”",
        ["FORM.MONTH"] = "年月格式应为 YYYY/MM",
        ["FORM.PHONE"] = "联系电话不是有效的手机或固定电话号码",
        ["FORM.ETHNIC_GROUP"] = "民族不在 GB 3304 民族代码表中",
        ["FORM.EDUCATION"] = "学历不在学历字典中",
        ["FORM.SERIES"] = "职称系列不在职称系列字典中",
        ["FORM.LEVEL"] = "申报资格等级不是该系列的有效层级",
        ["FORM.CATEGORY"] = "人才类别只能是 1–7",
        ["FORM.LEVEL_NOT_HIGHER"] = "申报资格等级须高于现职称等级（第 7 类除外）",
        ["ID.FORMAT"] = "身份证号须为 18 位，前 17 位数字，末位数字或 X",
        ["ID.PROVINCE"] = "身份证号前两位须为有效的省级行政区划代码",
        ["ID.BIRTH_DATE"] = "身份证号中的出生日期须真实且不晚于今天",
        ["ID.CHECKSUM"] = "身份证号校验位须符合 GB 11643-1999",
        ["ID.GENDER_MISMATCH"] = "性别须与身份证号第 17 位一致（奇数男、偶数女）",
        ["ID.BIRTH_MONTH_MISMATCH"] = "出生年月须与身份证号一致",
        ["ROUND.UNKNOWN"] = "须选择存在的评审批次",
        ["ROUND.NOT_OPEN"] = "评审批次须处于申报中",
        ["ROUND.DEADLINE_PASSED"] = "申报截止时间（北京时间）已过，不能提交",
        ["CAT1.LEVEL"] = "第 1 类只能申报高级（副高级或正高级）",
        ["CAT1.EVIDENCE"] = "第 1 类须写明重大贡献或所任技术负责人职务，并提供业绩、贡献和成果鉴定材料",
        ["CAT2.CLASS"] = "第 2 类须填写认定的人才类别（一至六类）",
        ["CAT2.EVIDENCE"] = "第 2 类须提供自治区党委人才工作领导小组的认定文件及认定日期",
        ["CAT2.LEVEL"] = "一至四类人才申报正高级；五至六类人才申报副高级（或聘任副高级满 2 年申报正高级）",
        ["CAT2.SENIOR_YEARS"] = "五至六类人才申报正高级，须在截止日前聘任副高级满 2 年",
        ["CAT3.LEVEL"] = "第 3 类只能申报副高级",
        ["CAT3.CONDITION"] = "第 3 类须满足三项在站条件之一",
        ["CAT3.STAYS"] = "第 3 类须出站后留在自治区工作",
        ["CAT3.EVIDENCE"] = "第 3 类须填写博士后工作站（流动站）和出站日期，出站日期不晚于今天",
        ["CAT4.UNIT_REVIEW"] = "第 4 类须有单位组织专家综合评议的记录及对突出贡献的说明",
        ["CAT4.EXPERTS"] = "第 4 类须有 2 名以上在职在岗的正高级同行专家推荐",
        ["CAT4.EXPERT_LEVEL"] = "第 4 类推荐专家须具备正高级职称",
        ["CAT4.EXPERT_IN_POST"] = "第 4 类推荐专家须在职在岗",
        ["CAT5.FIRST_APPLICATION"] = "第 5 类只适用于首次申报职称",
        ["CAT5.EVIDENCE"] = "第 5 类须填写留学或来源国家（地区）及比照的国内学历资历",
        ["CAT6.LEVEL"] = "第 6 类只能申报高级（副高级或正高级）",
        ["CAT6.SERIES"] = "第 6 类的职称系列须属于 8 个贯通领域",
        ["CAT6.EVIDENCE"] = "第 6 类须填写技能领域和最高技能等级",
        ["CAT7.CERTIFICATE"] = "第 7 类须填写原职称证书的系列、层级、发证机关、发证日期、证书编号及无法在线核验的原因",
        ["WORK.FIELDS"] = "每项成果须写明类别、名称、时间（不晚于本月）和本人作用或排名",
        ["WORK.EVIDENCE"] = "成果的佐证材料须是本申报上传的文件；新批次中每项代表作都须关联佐证材料",
        ["WORK.REQUIRED"] = "新批次的申报须至少填写一项代表作",
        ["WORK.SUMMARY"] = "新批次的申报须填写任现职以来专业技术工作业绩总结",
        ["HISTORY.FIELDS"] = "每段工作经历须写明单位和起止年月（截止不早于起始，至今可不填）",
        ["HISTORY.REQUIRED"] = "新批次的申报须填写毕业以来的工作经历",
        ["CAT7.SAME_TITLE"] = "第 7 类申报的系列和层级须与原职称证书一致",
        ["ALL.CONTINUING_EDUCATION"] = "须完成当年继续教育（内人社办发〔2024〕201号）",
        ["ALL.SOCIAL_EVALUATION"] = "同时符合社会化职称评审条件的，须参加社会化评审，不得重复、多头申报",
        ["ALL.FAILED_THIS_YEAR"] = "当年绿色通道评审未通过且无新的业绩成果的，当年不得再次申报",
        ["ALL.BENEFIT_USED"] = "同一人（身份证号）只享受一次绿色通道政策",
        ["ALL.RESULT_PENDING"] = "评审通过待公示确认的，确认前不得在其他批次申报",
        ["ALL.LICENSE_REQUIRED"] = "有职业准入要求的系列须取得相应的职业资格",
        ["ALL.EXAM_REQUIRED"] = "考评结合的系列须考试合格后方可参加评审",
        ["ALL.DUPLICATE_IN_ROUND"] = "同一批次内同一人只能有一份有效申报",
        ["ALL.INTEGRITY_RECORD"] = "记入职称评审诚信档案库且在限制期内的，不得申报",
    };

    /// <summary>
    /// The paragraph of the 2025 notice each rule comes from, as the notice numbers it: "一（二）" for a category,
    /// "三、2" for a numbered item, "二（二）" for the deadlines. Form and file rules come from 三、2 (the applicant fills
    /// in the application and uploads the material as required).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Paragraphs = new Dictionary<string, string>
    {
        ["FORM"] = "三、2", ["ID"] = "三、2", ["WORK"] = "三、2", ["HISTORY"] = "三、2",
        ["ROUND"] = "二（二）",
        ["CAT1"] = "一（一）", ["CAT2"] = "一（二）", ["CAT3"] = "一（三）", ["CAT4"] = "一（四）", ["CAT5"] = "一（五）", ["CAT6"] = "一（六）",
        ["CAT7"] = "一（七）",
        ["ALL.CONTINUING_EDUCATION"] = "五（一）",
        ["ALL.SOCIAL_EVALUATION"] = "五（二）",
        ["ALL.DUPLICATE_IN_ROUND"] = "五（二）",
        ["ALL.FAILED_THIS_YEAR"] = "五（三）",
        ["ALL.BENEFIT_USED"] = "五（四）",
        ["ALL.RESULT_PENDING"] = "五（四）",
        ["ALL.LICENSE_REQUIRED"] = "五（五）",
        ["ALL.EXAM_REQUIRED"] = "五（五）",
        ["ALL.INTEGRITY_RECORD"] = "四、5",
    };

    /// <summary>The paragraph of <paramref name="code"/>: its own entry, else its family's ("CAT2.LEVEL" → "CAT2").</summary>
    public static string? ParagraphOf(string code) =>
        Paragraphs.TryGetValue(code, out var own) ? own : Paragraphs.GetValueOrDefault(code.Split('.')[0]);
}
