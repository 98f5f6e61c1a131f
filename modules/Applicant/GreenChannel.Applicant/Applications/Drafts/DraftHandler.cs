using GreenChannel.Applicant.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;

namespace GreenChannel.Applicant.Applications.Drafts;

/// <summary>Creates, edits and deletes the applicant's own draft (or returned) application.</summary>
internal sealed class DraftHandler(
    IUnitOfWork uow, ICurrentUser currentUser, IOrgUnitQueries orgUnits, ApplicationStore store, FormNormalizer normalizer, IAuditLog audit)
{
    public async Task<ApplicationDetails> CreateAsync(ApplicationForm form, CancellationToken ct)
    {
        if (!currentUser.HasPermission(ApplicantPermissions.Apply) || currentUser.OrgUnitId is not { } orgId)
        {
            throw BusinessRuleException.For("user", "只有申报人员账户可以创建申报。");
        }

        var unit = await orgUnits.GetAsync(orgId, ct) ?? throw new NotFoundException("您的所属单位不存在。");
        var body = await orgUnits.GetRecommendingBodyAsync(orgId, ct)
                   ?? throw BusinessRuleException.For("user", "您的账户不属于任何推荐单位下的用人单位，请联系单位经办人。");
        form = await normalizer.NormalizeAsync(form with { WorkUnit = form.WorkUnit ?? unit.Name }, ct);
        FormNormalizer.CheckShape(form);
        var id = await uow.ExecuteScalarAsync<long>(
            """
            INSERT INTO applicant.applications (round_id, owner_user_id, unit_org_id, unit_org_path, unit_name, recommending_body_org_id,
                recommending_body_name, region_code, id_number, name, form, created_at, updated_at)
            VALUES (@roundId, @owner, @unitId, @unitPath, @unitName, @bodyId, @bodyName, @region, @idNumber, @name, @form::jsonb, @now, @now)
            RETURNING id
            """,
            new
            {
                roundId = form.RoundId, owner = currentUser.UserId, unitId = unit.Id, unitPath = unit.Path, unitName = unit.Name,
                bodyId = body.Id, bodyName = body.Name, region = unit.RegionCode, idNumber = form.IdNumber, name = form.Name,
                form = ApplicationRow.Serialize(form), now = store.Now,
            }, ct);
        await audit.WriteAsync("创建申报", "application", id.ToString(System.Globalization.CultureInfo.InvariantCulture), null, new { form.Name, form.RoundId, form.TalentCategory }, ct);
        return await store.DetailsAsync(id, ct);
    }

    public async Task<ApplicationDetails> UpdateAsync(long id, ApplicationForm form, int version, CancellationToken ct)
    {
        var row = await store.LoadOwnDraftAsync(id, version, ct);
        form = await normalizer.NormalizeAsync(form, ct);
        FormNormalizer.CheckShape(form);
        await store.UpdateAtVersionAsync(id, version, "round_id = @roundId, id_number = @idNumber, name = @name, form = @form::jsonb",
            new { roundId = form.RoundId, idNumber = form.IdNumber, name = form.Name, form = ApplicationRow.Serialize(form) }, ct);
        await audit.WriteAsync("修改申报", "application", id.ToString(System.Globalization.CultureInfo.InvariantCulture), row.ParsedForm, form, ct);
        return await store.DetailsAsync(id, ct);
    }

    public async Task DeleteAsync(long id, int version, CancellationToken ct)
    {
        var row = await store.LoadOwnDraftAsync(id, version, ct);
        if (row.State != ApplicationStates.Draft)
        {
            throw BusinessRuleException.For("state", "已提交过的申报不能删除；不再申报的，请联系单位经办人。");
        }

        await uow.DeleteAtVersionAsync(ApplicationStore.Rows, id, version, ApplicationStore.ConflictMessage, ct);

        await audit.WriteAsync("删除申报草稿", "application", id.ToString(System.Globalization.CultureInfo.InvariantCulture), row.ParsedForm, null, ct);
    }
}
