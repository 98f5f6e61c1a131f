using System.Text.Json;
using GreenChannel.Applicant.Contracts;

namespace GreenChannel.Applicant.Applications;

/// <summary>A row of applicant.applications, mapped by Dapper (snake_case columns to properties).</summary>
internal sealed class ApplicationRow
{
    public const string Select = """
        SELECT id, round_id, owner_user_id, unit_org_id, unit_org_path, unit_name, recommending_body_org_id, recommending_body_name,
               region_code, state, form::text AS form, created_at, submitted_at, version, return_reason, pledge_version, pledged_at
        FROM applicant.applications
        """;

    /// <summary>
    /// How the form is stored: camelCase, Chinese as it is, and no empty fields (a roster line fills 20 of the form's 62
    /// fields; writing the other 42 as null made the stored form twice as long, and the database parses every byte of it
    /// on each write — ADR 0012). A field not stored reads back as null.
    /// </summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public long Id { get; set; }
    public long? RoundId { get; set; }
    public long OwnerUserId { get; set; }
    public long UnitOrgId { get; set; }
    public string UnitOrgPath { get; set; } = "";
    public string UnitName { get; set; } = "";
    public long RecommendingBodyOrgId { get; set; }
    public string RecommendingBodyName { get; set; } = "";
    public string RegionCode { get; set; } = "";
    public string State { get; set; } = "";
    /// <summary>The stored form's JSON; <see cref="ParsedForm"/> parses it once.</summary>
    public string Form
    {
        get => _form;
        set
        {
            _form = value;
            _parsed = null;
        }
    }

    private string _form = "{}";
    private ApplicationForm? _parsed;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public int Version { get; set; }
    public string? ReturnReason { get; set; }
    public string? PledgeVersion { get; set; }
    public DateTimeOffset? PledgedAt { get; set; }

    /// <summary>The application's files when read with the row (null: not read).</summary>
    public IReadOnlyList<ApplicationFileRow>? Files { get; set; }

    /// <summary>The application as other modules see it (no user scope).</summary>
    public ApplicationSnapshot ToSnapshot()
    {
        var f = ParsedForm;
        return new ApplicationSnapshot(Id, RoundId ?? 0, State, f.Name ?? string.Empty, f.IdNumber ?? string.Empty,
            Eligibility.IdNumber.Mask(f.IdNumber ?? string.Empty), UnitName, UnitOrgPath, RecommendingBodyOrgId, RecommendingBodyName,
            f.TalentCategory, f.SeriesCode);
    }

    /// <summary>The form (a record: a change makes a new one), parsed on first use.</summary>
    public ApplicationForm ParsedForm => _parsed ??= JsonSerializer.Deserialize<ApplicationForm>(_form, Json)!;

    public static string Serialize(ApplicationForm form) => JsonSerializer.Serialize(form, Json);
}

/// <summary>A row of applicant.application_files.</summary>
internal sealed class ApplicationFileRow
{
    public const string SelectOf = """
        SELECT id, item, file_name, content_type, size, sha256, uploaded_at
        FROM applicant.application_files WHERE application_id = @id ORDER BY item, id
        """;

    public const string SelectOfMany = """
        SELECT id, application_id, item, file_name, content_type, size, sha256, uploaded_at
        FROM applicant.application_files WHERE application_id = ANY(@ids) ORDER BY application_id, item, id
        """;

    public const string SelectOne = """
        SELECT id, application_id, item, file_name, content_type, size, sha256, uploaded_at
        FROM applicant.application_files WHERE application_id = @id AND id = @fileId
        """;

    public long Id { get; set; }
    public long ApplicationId { get; set; }
    public int Item { get; set; }
    public string FileName { get; set; } = "";
    public string ContentType { get; set; } = "";
    public long Size { get; set; }
    public string Sha256 { get; set; } = "";
    public DateTimeOffset UploadedAt { get; set; }

    public ApplicationFile ToFile() => new(Id, Item, MaterialItems.Names.GetValueOrDefault(Item, "其他"), FileName, ContentType, Size, Sha256, UploadedAt);
}
