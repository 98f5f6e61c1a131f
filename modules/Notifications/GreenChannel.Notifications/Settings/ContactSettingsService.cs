using System.Text.RegularExpressions;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Time;
using GreenChannel.Notifications.Contracts;
using GreenChannel.Platform.Contracts;
using Microsoft.Extensions.Options;

namespace GreenChannel.Notifications.Settings;

/// <summary>
/// The signed-in user's own channels. The inbox is always on; e-mail and SMS need an address and, to be offered, a
/// configured server or gateway. Saved at the version read (a second tab's older form is refused, not silently applied).
/// </summary>
internal sealed partial class ContactSettingsService(IUnitOfWork uow, ICurrentUser user, BusinessClock clock, IOptions<NotificationsOptions> options)
    : INotificationSettings
{
    private static readonly VersionedRows Rows = new("notifications.contacts", "user_id");

    private long Me => user.UserId ?? throw new ForbiddenException("请先登录。");

    public async Task<ContactSettings> GetMineAsync(CancellationToken ct = default)
    {
        var row = await uow.QuerySingleOrDefaultAsync<(string? Email, string? Phone, bool ByEmail, bool BySms, int Version)>(
            "SELECT email, phone, by_email, by_sms, version FROM notifications.contacts WHERE user_id = @me", new { me = Me }, ct);
        var o = options.Value;
        return new ContactSettings(row.Email, row.Phone, row.ByEmail, row.BySms, o.EmailConfigured, o.SmsConfigured, row.Version);
    }

    public async Task<ContactSettings> SaveMineAsync(SaveContactSettings input, CancellationToken ct = default)
    {
        var email = string.IsNullOrWhiteSpace(input.Email) ? null : input.Email.Trim();
        var phone = string.IsNullOrWhiteSpace(input.Phone) ? null : input.Phone.Trim();
        var errors = new Dictionary<string, string[]>();
        if (email is not null && (email.Length > 254 || !EmailPattern().IsMatch(email)))
        {
            errors["email"] = ["电子邮箱格式不正确。"];
        }

        if (phone is not null && !PhonePattern().IsMatch(phone))
        {
            errors["phone"] = ["手机号码须为 11 位中国大陆手机号。"];
        }

        if (input.ByEmail && email is null)
        {
            errors["byEmail"] = ["选择邮件通知须填写电子邮箱。"];
        }

        if (input.BySms && phone is null)
        {
            errors["bySms"] = ["选择短信通知须填写手机号码。"];
        }

        if (errors.Count > 0)
        {
            throw new BusinessRuleException("通知设置有误，请按提示修改。", errors);
        }

        var me = Me;
        var args = new { me, email, phone, byEmail = input.ByEmail, bySms = input.BySms, now = clock.TimeProvider.GetUtcNow().UtcDateTime };
        const string conflict = "通知设置已在别处修改，请刷新后再保存。";
        if (input.Version == 0)
        {
            var added = await uow.ExecuteAsync(
                """
                INSERT INTO notifications.contacts (user_id, email, phone, by_email, by_sms, updated_at) VALUES (@me, @email, @phone, @byEmail, @bySms, @now)
                ON CONFLICT (user_id) DO NOTHING
                """, args, ct);
            if (added == 0)
            {
                throw new ConcurrencyConflictException(conflict);
            }
        }
        else
        {
            await uow.UpdateAtVersionAsync(Rows, me, input.Version, "email = @email, phone = @phone, by_email = @byEmail, by_sms = @bySms, updated_at = @now", args, conflict, ct: ct);
        }

        return await GetMineAsync(ct);
    }

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex("^1[3-9][0-9]{9}$")]
    private static partial Regex PhonePattern();
}
