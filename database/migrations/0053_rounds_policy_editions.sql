-- Rounds module: policy editions (政策版本). Each year's notice as data: the categories and the levels they may apply
-- for, the 英才兴蒙 class table, the global conditions, the deadlines, the fewest notice days and the texts of the rules
-- (ADR 0025). A published edition never changes; a correction is a new edition. Every round is judged by one edition,
-- fixed once it opens.
CREATE TABLE rounds.policy_editions (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code            text NOT NULL UNIQUE,
    year            int NOT NULL,
    state           text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'published')),
    copied_from_id  bigint REFERENCES rounds.policy_editions (id),
    document        jsonb NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    published_at    timestamptz,
    version         int NOT NULL DEFAULT 1,
    CHECK ((state = 'published') = (published_at IS NOT NULL))
);

-- The edition of the 2025 notice, as shipped (the same document as edition-2025.json of GreenChannel.Rounds.Contracts;
-- a test holds them equal).
INSERT INTO rounds.policy_editions (code, year, state, document, created_at, published_at)
VALUES ('2025', 2025, 'published', $edition${
  "year": 2025,
  "notice": {
    "title": "关于做好2025年自治区绿色通道职称评审材料申报工作的通知",
    "documentNumber": null,
    "issuedOn": "2025-06-04",
    "issuingBody": "内蒙古自治区人力资源和社会保障厅",
    "link": "https://rst.nmg.gov.cn/",
    "basedOn": "内人社发〔2025〕16号；内人社办发〔2025〕87号"
  },
  "categories": [
    {
      "number": 1,
      "name": "重大贡献人才、技术负责人",
      "paragraph": "一（一）",
      "text": "取得重大基础研究和前沿技术突破、解决重大工程技术难题或在经济社会各项事业中作出重大贡献的专业技术人才，国家重点实验室、国家技术创新中心、科技领军企业、行业龙头企业的技术负责人。",
      "levels": [
        "副高级",
        "正高级"
      ],
      "nomination": "经盟行政公署、市人民政府或自治区主管部门研究推荐",
      "evidence": [
        "重大贡献或所任技术负责人职务",
        "业绩、贡献和成果鉴定材料"
      ]
    },
    {
      "number": 2,
      "name": "“英才兴蒙”一至六类人才",
      "paragraph": "一（二）",
      "text": "符合《内蒙古自治区党委办公厅 自治区人民政府办公厅关于实施“英才兴蒙”工程若干政策的意见》（内党办发〔2024〕18号）有关规定的一至六类人才。",
      "levels": [
        "副高级",
        "正高级"
      ],
      "nomination": "经自治区党委人才工作领导小组认定，用人单位考核合格",
      "evidence": [
        "认定的人才类别",
        "认定文件及认定日期"
      ]
    },
    {
      "number": 3,
      "name": "出站留区博士后",
      "paragraph": "一（三）",
      "text": "博士后人员在站期间满足入选“国家资助博士后研究人员计划”、获得“中国博士后科学基金资助”、主持省部级以上项目条件之一，出站后留在自治区工作的专业技术人才。",
      "levels": [
        "副高级"
      ],
      "nomination": "用人单位考核合格后，经各盟市人力资源和社会保障局或自治区主管部门研究推荐",
      "evidence": [
        "在站期间满足的条件",
        "博士后工作站（流动站）及出站日期",
        "出站后留在自治区工作"
      ]
    },
    {
      "number": 4,
      "name": "业绩显著、贡献突出的无学历人才",
      "paragraph": "一（四）",
      "text": "长期从事专业技术工作，不具备职称评审条件规定学历但业绩显著、贡献突出的专业技术人才。",
      "levels": [
        "员级",
        "助理级",
        "中级",
        "副高级",
        "正高级"
      ],
      "nomination": "所在单位组织专家综合评议，经盟行政公署、市人民政府或自治区主管部门研究推荐",
      "evidence": [
        "单位专家综合评议情况及突出贡献说明",
        "在职在岗的正高级同行专家推荐意见"
      ]
    },
    {
      "number": 5,
      "name": "海外归国人员、外籍人才",
      "paragraph": "一（五）",
      "text": "长期从事专业技术工作，取得显著业绩成果的海外归国人员（留学回国人员）、外籍人才。",
      "levels": [
        "员级",
        "助理级",
        "中级",
        "副高级",
        "正高级"
      ],
      "nomination": "经盟行政公署、市人民政府或自治区主管部门研究推荐",
      "evidence": [
        "留学（来源）国家或地区",
        "比照的国内同等学历资历"
      ]
    },
    {
      "number": 6,
      "name": "高技能领军人才",
      "paragraph": "一（六）",
      "text": "在高技能人才与专业技术人才职业发展贯通的8个领域，具有绝招、绝技、绝活的高技能领军人才。",
      "levels": [
        "副高级",
        "正高级"
      ],
      "nomination": "经盟行政公署、市人民政府或自治区主管部门研究推荐",
      "evidence": [
        "技能领域",
        "最高技能等级",
        "业绩、贡献和成果鉴定材料"
      ]
    },
    {
      "number": 7,
      "name": "外省（单位）已取得职称无法核验的人员",
      "paragraph": "一（七）",
      "text": "从其他省、自治区、直辖市、中央单位或军队到我区工作（就业），在原地区（单位、部门）已取得职称证书，但不能通过全国职称评审信息查询系统以及各地政务服务平台查询核验的人员。",
      "levels": [
        "员级",
        "助理级",
        "中级",
        "副高级",
        "正高级"
      ],
      "nomination": "经各盟市人力资源和社会保障局或自治区主管部门审核把关后推荐",
      "evidence": [
        "原职称证书的系列、层级、发证机关、发证日期、证书编号",
        "无法在线核验的原因"
      ]
    }
  ],
  "talentClasses": [
    {
      "class": 1,
      "levels": [
        "正高级"
      ],
      "fullSeniorAfterSeniorYears": null
    },
    {
      "class": 2,
      "levels": [
        "正高级"
      ],
      "fullSeniorAfterSeniorYears": null
    },
    {
      "class": 3,
      "levels": [
        "正高级"
      ],
      "fullSeniorAfterSeniorYears": null
    },
    {
      "class": 4,
      "levels": [
        "正高级"
      ],
      "fullSeniorAfterSeniorYears": null
    },
    {
      "class": 5,
      "levels": [
        "副高级"
      ],
      "fullSeniorAfterSeniorYears": 2
    },
    {
      "class": 6,
      "levels": [
        "副高级"
      ],
      "fullSeniorAfterSeniorYears": 2
    }
  ],
  "recommendingExperts": 2,
  "skillLinkedSeries": [
    "GC",
    "NY",
    "GYMS",
    "WWBW",
    "SYJS",
    "YS",
    "TY",
    "JGYX"
  ],
  "conditions": {
    "continuingEducationDocument": "内人社办发〔2024〕201号",
    "socialEvaluationFirst": true,
    "onceOnly": true,
    "failedThisYearBlocks": true,
    "licenseRequired": true,
    "examRequired": true
  },
  "firstHalfDeadline": "07-15",
  "secondHalfDeadline": "10-31",
  "minimumNoticeWorkingDays": 5,
  "rules": [
    {
      "code": "FORM.REQUIRED",
      "paragraph": "三、2",
      "text": "必填项未填写",
      "textEn": "A required field is empty"
    },
    {
      "code": "FORM.GENDER",
      "paragraph": "三、2",
      "text": "性别只能是“男”或“女”",
      "textEn": "Gender must be 男 (male) or 女 (female)"
    },
    {
      "code": "FORM.MONTH",
      "paragraph": "三、2",
      "text": "年月格式应为 YYYY/MM",
      "textEn": "Months are written YYYY/MM"
    },
    {
      "code": "FORM.PHONE",
      "paragraph": "三、2",
      "text": "联系电话不是有效的手机或固定电话号码",
      "textEn": "The contact phone is not a valid mobile or landline number"
    },
    {
      "code": "FORM.ETHNIC_GROUP",
      "paragraph": "三、2",
      "text": "民族不在 GB 3304 民族代码表中",
      "textEn": "The ethnic group is not in the GB 3304 code list"
    },
    {
      "code": "FORM.EDUCATION",
      "paragraph": "三、2",
      "text": "学历不在学历字典中",
      "textEn": "The education is not in the education dictionary"
    },
    {
      "code": "FORM.SERIES",
      "paragraph": "三、2",
      "text": "职称系列不在职称系列字典中",
      "textEn": "The title series is not in the series dictionary"
    },
    {
      "code": "FORM.LEVEL",
      "paragraph": "三、2",
      "text": "申报资格等级不是该系列的有效层级",
      "textEn": "The level applied for is not a level of that series"
    },
    {
      "code": "FORM.CATEGORY",
      "paragraph": "三、2",
      "text": "人才类别只能是 1–7",
      "textEn": "The talent category must be 1–7"
    },
    {
      "code": "FORM.LEVEL_NOT_HIGHER",
      "paragraph": "三、2",
      "text": "申报资格等级须高于现职称等级（第 7 类除外）",
      "textEn": "The level applied for must be above the current title (except category 7)"
    },
    {
      "code": "ID.FORMAT",
      "paragraph": "三、2",
      "text": "身份证号须为 18 位，前 17 位数字，末位数字或 X",
      "textEn": "An ID number has 18 characters: 17 digits and a digit or X"
    },
    {
      "code": "ID.PROVINCE",
      "paragraph": "三、2",
      "text": "身份证号前两位须为有效的省级行政区划代码",
      "textEn": "The first two digits of the ID number must be a valid province code"
    },
    {
      "code": "ID.BIRTH_DATE",
      "paragraph": "三、2",
      "text": "身份证号中的出生日期须真实且不晚于今天",
      "textEn": "The birth date in the ID number must be real and not in the future"
    },
    {
      "code": "ID.CHECKSUM",
      "paragraph": "三、2",
      "text": "身份证号校验位须符合 GB 11643-1999",
      "textEn": "The ID number's check character must follow GB 11643-1999"
    },
    {
      "code": "ID.GENDER_MISMATCH",
      "paragraph": "三、2",
      "text": "性别须与身份证号第 17 位一致（奇数男、偶数女）",
      "textEn": "Gender must match the 17th digit of the ID number (odd male, even female)"
    },
    {
      "code": "ID.BIRTH_MONTH_MISMATCH",
      "paragraph": "三、2",
      "text": "出生年月须与身份证号一致",
      "textEn": "The birth month must match the ID number"
    },
    {
      "code": "ROUND.UNKNOWN",
      "paragraph": "二（二）",
      "text": "须选择存在的评审批次",
      "textEn": "Choose an existing review round"
    },
    {
      "code": "ROUND.NOT_OPEN",
      "paragraph": "二（二）",
      "text": "评审批次须处于申报中",
      "textEn": "The round must be accepting applications"
    },
    {
      "code": "ROUND.DEADLINE_PASSED",
      "paragraph": "二（二）",
      "text": "申报截止时间（北京时间）已过，不能提交",
      "textEn": "The deadline (Beijing time) has passed; no submission"
    },
    {
      "code": "CAT1.LEVEL",
      "paragraph": "一（一）",
      "text": "第 1 类只能申报高级（副高级或正高级）",
      "textEn": "Category 1 applies for the levels its edition lists (senior or full senior)"
    },
    {
      "code": "CAT1.EVIDENCE",
      "paragraph": "一（一）",
      "text": "第 1 类须写明重大贡献或所任技术负责人职务，并提供业绩、贡献和成果鉴定材料",
      "textEn": "Category 1 states the major contribution or the technical-lead post and provides appraisal material"
    },
    {
      "code": "CAT2.CLASS",
      "paragraph": "一（二）",
      "text": "第 2 类须填写认定的人才类别（一至六类）",
      "textEn": "Category 2 states the recognised talent class (1–6)"
    },
    {
      "code": "CAT2.EVIDENCE",
      "paragraph": "一（二）",
      "text": "第 2 类须提供自治区党委人才工作领导小组的认定文件及认定日期",
      "textEn": "Category 2 provides the recognition document and its date"
    },
    {
      "code": "CAT2.LEVEL",
      "paragraph": "一（二）",
      "text": "一至四类人才申报正高级；五至六类人才申报副高级（或聘任副高级满 2 年申报正高级）",
      "textEn": "Classes 1–4 apply for full senior; classes 5–6 for senior (full senior after 2 years in a senior post)"
    },
    {
      "code": "CAT2.SENIOR_YEARS",
      "paragraph": "一（二）",
      "text": "五至六类人才申报正高级，须在截止日前聘任副高级满 2 年",
      "textEn": "Classes 5–6 applying for full senior need 2 years in a senior post by the deadline"
    },
    {
      "code": "CAT3.LEVEL",
      "paragraph": "一（三）",
      "text": "第 3 类只能申报副高级",
      "textEn": "Category 3 applies for senior only"
    },
    {
      "code": "CAT3.CONDITION",
      "paragraph": "一（三）",
      "text": "第 3 类须满足三项在站条件之一",
      "textEn": "Category 3 meets one of the three postdoctoral conditions"
    },
    {
      "code": "CAT3.STAYS",
      "paragraph": "一（三）",
      "text": "第 3 类须出站后留在自治区工作",
      "textEn": "Category 3 stays in the region after the postdoctoral station"
    },
    {
      "code": "CAT3.EVIDENCE",
      "paragraph": "一（三）",
      "text": "第 3 类须填写博士后工作站（流动站）和出站日期，出站日期不晚于今天",
      "textEn": "Category 3 names the station and a leaving date not after today"
    },
    {
      "code": "CAT4.LEVEL",
      "paragraph": "一（四）",
      "text": "第 4 类可申报的层级以本版本所列为准",
      "textEn": "Category 4 applies for the levels its edition lists"
    },
    {
      "code": "CAT4.UNIT_REVIEW",
      "paragraph": "一（四）",
      "text": "第 4 类须有单位组织专家综合评议的记录及对突出贡献的说明",
      "textEn": "Category 4 has the unit's expert appraisal and a statement of the outstanding contribution"
    },
    {
      "code": "CAT4.EXPERTS",
      "paragraph": "一（四）",
      "text": "第 4 类须有 2 名以上在职在岗的正高级同行专家推荐",
      "textEn": "Category 4 has at least 2 in-post full-senior peer experts recommending"
    },
    {
      "code": "CAT4.EXPERT_LEVEL",
      "paragraph": "一（四）",
      "text": "第 4 类推荐专家须具备正高级职称",
      "textEn": "A recommending expert of category 4 holds a full-senior title"
    },
    {
      "code": "CAT4.EXPERT_IN_POST",
      "paragraph": "一（四）",
      "text": "第 4 类推荐专家须在职在岗",
      "textEn": "A recommending expert of category 4 is in post"
    },
    {
      "code": "CAT5.LEVEL",
      "paragraph": "一（五）",
      "text": "第 5 类可申报的层级以本版本所列为准",
      "textEn": "Category 5 applies for the levels its edition lists"
    },
    {
      "code": "CAT5.FIRST_APPLICATION",
      "paragraph": "一（五）",
      "text": "第 5 类只适用于首次申报职称",
      "textEn": "Category 5 is for a first title application only"
    },
    {
      "code": "CAT5.EVIDENCE",
      "paragraph": "一（五）",
      "text": "第 5 类须填写留学或来源国家（地区）及比照的国内学历资历",
      "textEn": "Category 5 names the country or region and the domestic equivalent"
    },
    {
      "code": "CAT6.LEVEL",
      "paragraph": "一（六）",
      "text": "第 6 类只能申报高级（副高级或正高级）",
      "textEn": "Category 6 applies for senior or full senior"
    },
    {
      "code": "CAT6.SERIES",
      "paragraph": "一（六）",
      "text": "第 6 类的职称系列须属于 8 个贯通领域",
      "textEn": "Category 6's series is one of the 8 skill-linked fields"
    },
    {
      "code": "CAT6.EVIDENCE",
      "paragraph": "一（六）",
      "text": "第 6 类须填写技能领域和最高技能等级",
      "textEn": "Category 6 names the skill field and the highest skill level"
    },
    {
      "code": "CAT7.LEVEL",
      "paragraph": "一（七）",
      "text": "第 7 类可申报的层级以本版本所列为准",
      "textEn": "Category 7 applies for the levels its edition lists"
    },
    {
      "code": "CAT7.CERTIFICATE",
      "paragraph": "一（七）",
      "text": "第 7 类须填写原职称证书的系列、层级、发证机关、发证日期、证书编号及无法在线核验的原因",
      "textEn": "Category 7 gives the original certificate's series, level, issuer, date, number and why it cannot be verified online"
    },
    {
      "code": "WORK.FIELDS",
      "paragraph": "三、2",
      "text": "每项成果须写明类别、名称、时间（不晚于本月）和本人作用或排名",
      "textEn": "Each work has a kind, a title, a month (not after this month) and the applicant's role"
    },
    {
      "code": "WORK.EVIDENCE",
      "paragraph": "三、2",
      "text": "成果的佐证材料须是本申报上传的文件；新批次中每项代表作都须关联佐证材料",
      "textEn": "A work's evidence is a file of this application; in new rounds every representative work has one"
    },
    {
      "code": "WORK.REQUIRED",
      "paragraph": "三、2",
      "text": "新批次的申报须至少填写一项代表作",
      "textEn": "Applications of new rounds name at least one representative work"
    },
    {
      "code": "WORK.SUMMARY",
      "paragraph": "三、2",
      "text": "新批次的申报须填写任现职以来专业技术工作业绩总结",
      "textEn": "Applications of new rounds carry a summary of work since the current title"
    },
    {
      "code": "HISTORY.FIELDS",
      "paragraph": "三、2",
      "text": "每段工作经历须写明单位和起止年月（截止不早于起始，至今可不填）",
      "textEn": "Each work-history entry has a unit and its months (to not before from; open for the present)"
    },
    {
      "code": "HISTORY.REQUIRED",
      "paragraph": "三、2",
      "text": "新批次的申报须填写毕业以来的工作经历",
      "textEn": "Applications of new rounds carry the work history since graduation"
    },
    {
      "code": "CAT7.SAME_TITLE",
      "paragraph": "一（七）",
      "text": "第 7 类申报的系列和层级须与原职称证书一致",
      "textEn": "Category 7 applies for the series and level of the original certificate"
    },
    {
      "code": "ALL.CONTINUING_EDUCATION",
      "paragraph": "五（一）",
      "text": "须完成当年继续教育（内人社办发〔2024〕201号）",
      "textEn": "The year's continuing education is completed (内人社办发〔2024〕201号)"
    },
    {
      "code": "ALL.SOCIAL_EVALUATION",
      "paragraph": "五（二）",
      "text": "同时符合社会化职称评审条件的，须参加社会化评审，不得重复、多头申报",
      "textEn": "Whoever also qualifies for the social evaluation goes there; no double application"
    },
    {
      "code": "ALL.FAILED_THIS_YEAR",
      "paragraph": "五（三）",
      "text": "当年绿色通道评审未通过且无新的业绩成果的，当年不得再次申报",
      "textEn": "Failed this year with no new results: no second application this year"
    },
    {
      "code": "ALL.BENEFIT_USED",
      "paragraph": "五（四）",
      "text": "同一人（身份证号）只享受一次绿色通道政策",
      "textEn": "One person (ID number) uses the green channel once"
    },
    {
      "code": "ALL.RESULT_PENDING",
      "paragraph": "五（四）",
      "text": "评审通过待公示确认的，确认前不得在其他批次申报",
      "textEn": "A pass awaiting confirmation blocks applying in another round"
    },
    {
      "code": "ALL.LICENSE_REQUIRED",
      "paragraph": "五（五）",
      "text": "有职业准入要求的系列须取得相应的职业资格",
      "textEn": "Series with an entry qualification require it"
    },
    {
      "code": "ALL.EXAM_REQUIRED",
      "paragraph": "五（五）",
      "text": "考评结合的系列须考试合格后方可参加评审",
      "textEn": "Series combining exam and review require the exam passed first"
    },
    {
      "code": "ALL.DUPLICATE_IN_ROUND",
      "paragraph": "五（二）",
      "text": "同一批次内同一人只能有一份有效申报",
      "textEn": "One valid application per person and round"
    },
    {
      "code": "ALL.INTEGRITY_RECORD",
      "paragraph": "四、5",
      "text": "记入职称评审诚信档案库且在限制期内的，不得申报",
      "textEn": "An entry in the integrity archive within its period blocks applying"
    }
  ]
}
$edition$::jsonb, '2025-06-04 00:00+08', '2025-06-04 00:00+08');

-- A published edition is frozen in the database too: nothing may change its document or state back.
CREATE FUNCTION rounds.policy_editions_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.state = 'published' THEN
        RAISE EXCEPTION 'policy edition % is published and cannot change', OLD.code USING ERRCODE = '55000';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER policy_editions_frozen BEFORE UPDATE OR DELETE ON rounds.policy_editions
    FOR EACH ROW EXECUTE FUNCTION rounds.policy_editions_frozen();

-- Every round names its edition. Rounds made without naming one (the regular calendar, history, tools) take the newest
-- published edition whose year is not after theirs.
ALTER TABLE rounds.rounds ADD COLUMN edition_id bigint REFERENCES rounds.policy_editions (id);
UPDATE rounds.rounds SET edition_id = (SELECT id FROM rounds.policy_editions WHERE code = '2025');
ALTER TABLE rounds.rounds ALTER COLUMN edition_id SET NOT NULL;

CREATE FUNCTION rounds.round_edition_in_force() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.edition_id IS NULL THEN
        NEW.edition_id := coalesce(
            (SELECT id FROM rounds.policy_editions WHERE state = 'published' AND year <= NEW.year ORDER BY year DESC, published_at DESC, id DESC LIMIT 1),
            (SELECT id FROM rounds.policy_editions WHERE state = 'published' ORDER BY year, published_at, id LIMIT 1));
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER rounds_edition_in_force BEFORE INSERT ON rounds.rounds FOR EACH ROW EXECUTE FUNCTION rounds.round_edition_in_force();
