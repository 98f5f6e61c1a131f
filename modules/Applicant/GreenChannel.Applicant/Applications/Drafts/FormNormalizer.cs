using GreenChannel.Applicant.Contracts;
using GreenChannel.Applicant.Eligibility;
using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;

namespace GreenChannel.Applicant.Applications.Drafts;

/// <summary>Trims and normalises what people type (months, ethnic-group short forms, ID numbers) and checks the shape of a draft.</summary>
internal sealed class FormNormalizer(IDictionaryQueries dictionaries)
{
    public async Task<ApplicationForm> NormalizeAsync(ApplicationForm form, CancellationToken ct)
    {
        var ethnic = T(form.EthnicGroup) is { } e ? await dictionaries.NormalizeEthnicGroupAsync(e, ct) ?? e : null;
        return Normalize(form, ethnic);
    }

    /// <summary>Many forms at once (a roster): the ethnic-group dictionary read once, not once a form.</summary>
    public async Task<IReadOnlyList<ApplicationForm>> NormalizeManyAsync(IReadOnlyList<ApplicationForm> forms, CancellationToken ct)
    {
        // The same matching as NormalizeEthnicGroupAsync: the name, the short name or the code.
        var groups = await dictionaries.ListEthnicGroupsAsync(ct);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var g in groups)
        {
            names.TryAdd(g.Name, g.Name);
        }

        foreach (var g in groups)
        {
            if (g.ShortName is { } shortName)
            {
                names.TryAdd(shortName, g.Name);
            }
        }

        foreach (var g in groups)
        {
            names.TryAdd(g.Code, g.Name);
        }

        return forms.Select(f => Normalize(f, T(f.EthnicGroup) is { } e ? names.GetValueOrDefault(e, e) : null)).ToList();
    }

    private static string? T(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static ApplicationForm Normalize(ApplicationForm form, string? ethnic) =>
        form with
        {
            Name = T(form.Name),
            IdNumber = T(form.IdNumber) is { } id ? IdNumber.Normalize(id) : null,
            Gender = T(form.Gender),
            BirthMonth = Months.Normalize(T(form.BirthMonth)),
            EthnicGroup = ethnic,
            Education = T(form.Education) is { } edu ? EducationAliases.GetValueOrDefault(edu, edu) : null,
            School = T(form.School),
            GraduationMonth = Months.Normalize(T(form.GraduationMonth)),
            WorkUnit = T(form.WorkUnit),
            SeriesCode = T(form.SeriesCode),
            Speciality = T(form.Speciality),
            CurrentTitle = T(form.CurrentTitle),
            CurrentTitleLevel = T(form.CurrentTitleLevel),
            CurrentTitleMonth = Months.Normalize(T(form.CurrentTitleMonth)),
            AppliedTitle = T(form.AppliedTitle),
            AppliedLevel = T(form.AppliedLevel),
            Profession = T(form.Profession),
            Remarks = T(form.Remarks),
            ContactPhone = T(form.ContactPhone),
            QualificationCertificate = T(form.QualificationCertificate),
            Evidence = DropBlankExperts(form.Evidence ?? new CategoryEvidence()),
            AchievementSummary = T(form.AchievementSummary),
            // Rows left empty on the page are not works or jobs.
            Works = form.Works?.Where(w => T(w.Title) is not null || T(w.Identifier) is not null || w.EvidenceFileId is not null)
                .Select(w => w with
                {
                    Kind = T(w.Kind), Title = T(w.Title), Month = Months.Normalize(T(w.Month)), Role = T(w.Role), Source = T(w.Source),
                    Identifier = T(w.Identifier),
                }).ToList(),
            WorkHistory = form.WorkHistory?.Where(h => T(h.Unit) is not null || T(h.From) is not null)
                .Select(h => h with { Unit = T(h.Unit), From = Months.Normalize(T(h.From)), To = Months.Normalize(T(h.To)), Position = T(h.Position) }).ToList(),
        };

    /// <summary>What people type for the education levels of the dictionary.</summary>
    private static readonly IReadOnlyDictionary<string, string> EducationAliases = new Dictionary<string, string>
    {
        ["大专"] = "大学专科", ["专科"] = "大学专科", ["本科"] = "大学本科", ["研究生"] = "硕士研究生", ["硕士"] = "硕士研究生",
        ["博士"] = "博士研究生", ["中专"] = "中等专科", ["高中"] = "高中及以下",
    };

    /// <summary>The form shows three expert rows; rows left empty are not experts.</summary>
    private static CategoryEvidence DropBlankExperts(CategoryEvidence evidence) =>
        evidence.Category4?.Experts is { } experts
            ? evidence with
            {
                Category4 = evidence.Category4 with
                {
                    Experts = experts.Where(x => !string.IsNullOrWhiteSpace(x.Name) || !string.IsNullOrWhiteSpace(x.Unit) || !string.IsNullOrWhiteSpace(x.Title)).ToList(),
                },
            }
            : evidence;

    /// <summary>
    /// What a draft must satisfy to be saved at all: values of the right kind and length. Missing values and the
    /// eligibility rules are the check's business, so an applicant can save a half-filled form.
    /// </summary>
    public static void CheckShape(ApplicationForm form)
    {
        var errors = new Dictionary<string, string[]>();
        if (form.TalentCategory is { } category && category is < 1 or > 7)
        {
            errors["talentCategory"] = ["人才类别只能是 1–7，对应通知中的七类人员。"];
        }

        if (form.Gender is { } gender && gender is not ("男" or "女"))
        {
            errors["gender"] = ["性别请填写“男”或“女”。"];
        }

        foreach (var (field, level) in new[] { ("appliedLevel", form.AppliedLevel), ("currentTitleLevel", form.CurrentTitleLevel) })
        {
            if (level is not null && !TitleLevels.All.Contains(level))
            {
                errors[field] = ["等级只能是员级、助理级、中级、副高级、正高级。"];
            }
        }

        foreach (var (field, month) in new[] { ("birthMonth", form.BirthMonth), ("graduationMonth", form.GraduationMonth), ("currentTitleMonth", form.CurrentTitleMonth) })
        {
            if (month is not null && !Months.TryParse(month, out _))
            {
                errors[field] = ["请按“YYYY/MM”填写，如 2015/12。"];
            }
        }

        if (form.IdNumber is { Length: > 18 })
        {
            errors["idNumber"] = ["身份证号应为 18 位。"];
        }

        foreach (var (field, value, max) in new[]
                 {
                     ("name", form.Name, 50), ("workUnit", form.WorkUnit, 100), ("school", form.School, 100), ("remarks", form.Remarks, 500),
                     ("speciality", form.Speciality, 50), ("profession", form.Profession, 50), ("appliedTitle", form.AppliedTitle, 50),
                     ("currentTitle", form.CurrentTitle, 50), ("qualificationCertificate", form.QualificationCertificate, 200),
                 })
        {
            if (value is { Length: var n } && n > max)
            {
                errors[field] = [$"最多 {max} 个字。"];
            }
        }

        CheckReviewMaterialsShape(form, errors);
        if (errors.Count > 0)
        {
            throw new BusinessRuleException("申报内容有误，未保存。", errors);
        }
    }

    /// <summary>Bounds on the works and the history, so a form stays a form (the rules check the content).</summary>
    private static void CheckReviewMaterialsShape(ApplicationForm form, Dictionary<string, string[]> errors)
    {
        if (form.Works is { Count: > 50 })
        {
            errors["works"] = ["成果最多填写 50 项，请选择最能代表水平的成果。"];
        }

        if (form.WorkHistory is { Count: > 30 })
        {
            errors["workHistory"] = ["工作经历最多填写 30 段。"];
        }

        if (form.AchievementSummary is { Length: > 5000 })
        {
            errors["achievementSummary"] = ["业绩总结最多 5000 字，详细内容请上传为第 9 项材料。"];
        }

        foreach (var (w, i) in (form.Works ?? []).Select((w, i) => (w, i)))
        {
            foreach (var (field, value, max) in new[] { ("title", w.Title, 300), ("role", w.Role, 50), ("source", w.Source, 200), ("identifier", w.Identifier, 100), ("month", w.Month, 10), ("kind", w.Kind, 20) })
            {
                if (value is { Length: var n } && n > max)
                {
                    errors[$"works[{i}].{field}"] = [$"最多 {max} 个字。"];
                }
            }
        }

        foreach (var (h, i) in (form.WorkHistory ?? []).Select((h, i) => (h, i)))
        {
            foreach (var (field, value, max) in new[] { ("unit", h.Unit, 100), ("position", h.Position, 50), ("from", h.From, 10), ("to", h.To, 10) })
            {
                if (value is { Length: var n } && n > max)
                {
                    errors[$"workHistory[{i}].{field}"] = [$"最多 {max} 个字。"];
                }
            }
        }
    }
}
