using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;
using GreenChannel.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GreenChannel.Platform.Tests;

public sealed class AccountTests : IAsyncLifetime
{
    private PlatformFixture _f = null!;

    public async Task InitializeAsync() => _f = await PlatformFixture.CreateAsync();

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private Task<LoginResult> LoginAsync(string user, string password) =>
        _f.InScopeAsync(sp => sp.GetRequiredService<IAccountService>().LoginAsync(user, password));

    [Fact]
    public async Task Passwords_are_stored_as_identity_hashes_never_in_clear()
    {
        var hash = await _f.QueryAsync<string>("SELECT password_hash FROM platform.users WHERE user_name = 'demo.admin'");

        Assert.DoesNotContain(PlatformFixture.DemoPassword, hash);
        Assert.StartsWith("AQAAAA", hash); // ASP.NET Core Identity v3 format
    }

    [Fact]
    public async Task A_correct_password_signs_in_with_the_roles_permissions_and_org_scope()
    {
        var result = await LoginAsync("DEMO.BODY", PlatformFixture.DemoPassword);

        Assert.True(result.Succeeded);
        Assert.Equal([Roles.BodyReviewer], result.User!.Roles);
        Assert.Contains(PlatformPermissions.UsersView, result.User.Permissions);
        Assert.DoesNotContain(PlatformPermissions.SchedulerManage, result.User.Permissions);
        Assert.Equal("呼和浩特市人力资源和社会保障局", result.User.OrgName);
    }

    [Fact]
    public async Task Five_failed_logins_lock_the_account_for_fifteen_minutes()
    {
        for (var i = 1; i <= 4; i++)
        {
            var r = await LoginAsync("demo.unit", "wrong");
            Assert.False(r.Succeeded);
            Assert.Equal(i, await _f.QueryAsync<int>("SELECT failed_logins FROM platform.users WHERE user_name = 'demo.unit'"));
        }

        var fifth = await LoginAsync("demo.unit", "wrong");
        Assert.False(fifth.Succeeded);
        Assert.True(await _f.QueryAsync<bool>("SELECT locked_until IS NOT NULL FROM platform.users WHERE user_name = 'demo.unit'"));

        var whileLocked = await LoginAsync("demo.unit", PlatformFixture.DemoPassword);
        Assert.False(whileLocked.Succeeded);

        _f.Clock.Advance(TimeSpan.FromMinutes(14));
        Assert.False((await LoginAsync("demo.unit", PlatformFixture.DemoPassword)).Succeeded);

        _f.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        Assert.True((await LoginAsync("demo.unit", PlatformFixture.DemoPassword)).Succeeded);
    }

    [Fact]
    public async Task A_successful_login_resets_the_failed_login_count()
    {
        for (var i = 0; i < 4; i++)
        {
            await LoginAsync("demo.center", "wrong");
        }

        Assert.True((await LoginAsync("demo.center", PlatformFixture.DemoPassword)).Succeeded);
        await LoginAsync("demo.center", "wrong");
        Assert.Equal(1, await _f.QueryAsync<int>("SELECT failed_logins FROM platform.users WHERE user_name = 'demo.center'"));
    }

    [Fact]
    public async Task Login_answers_do_not_tell_whether_a_user_name_exists_or_is_locked()
    {
        var unknown = await LoginAsync("no.such.user", "wrong-password-1");
        var wrong = await LoginAsync("demo.leader", "wrong-password-1");
        for (var i = 0; i < 5; i++)
        {
            await LoginAsync("demo.committee", "wrong-password-1");
        }

        var locked = await LoginAsync("demo.committee", PlatformFixture.DemoPassword);

        Assert.False(unknown.Succeeded || wrong.Succeeded || locked.Succeeded);
        Assert.Equal(unknown.Error, wrong.Error);
        Assert.Equal(unknown.Error, locked.Error);
        Assert.Contains("用户名或密码错误", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_user_gets_a_one_time_password_that_must_be_changed()
    {
        await _f.ActAsAsync("demo.admin");
        var orgId = await _f.QueryAsync<long>("SELECT id FROM platform.org_units WHERE code = '150200'");
        var created = await _f.InScopeAsync(sp => sp.GetRequiredService<IAccountService>()
            .CreateUserAsync(new CreateUserRequest("baotou.reviewer", "包头审核员", orgId, [Roles.BodyReviewer])));

        var login = await LoginAsync("baotou.reviewer", created.OneTimePassword);
        Assert.True(login.User!.MustChangePassword);

        await _f.InScopeAsync(sp => sp.GetRequiredService<IAccountService>().ChangePasswordAsync(created.Id, created.OneTimePassword, "NewPassword123"));
        var again = await LoginAsync("baotou.reviewer", "NewPassword123");
        Assert.False(again.User!.MustChangePassword);
    }

    [Fact]
    public async Task A_weak_new_password_is_refused_with_a_field_error()
    {
        var user = await _f.ActAsAsync("demo.leader");

        var e = await Assert.ThrowsAsync<BusinessRuleException>(() =>
            _f.InScopeAsync(sp => sp.GetRequiredService<IAccountService>().ChangePasswordAsync(user.Id, PlatformFixture.DemoPassword, "short")));

        Assert.Equal(["newPassword"], e.Errors.Keys);
    }

    [Fact]
    public async Task A_regional_reviewer_sees_only_the_users_of_their_region()
    {
        await _f.ActAsAsync("demo.body");

        var users = await _f.InScopeAsync(sp => sp.GetRequiredService<IAccountService>().ListUsersAsync());

        Assert.Equal(["demo.applicant", "demo.body", "demo.unit"], users.Select(u => u.UserName).Order());
    }

    [Fact]
    public async Task A_user_cannot_be_created_outside_the_creators_scope()
    {
        await _f.ActAsAsync("demo.body");
        var baotou = await _f.QueryAsync<long>("SELECT id FROM platform.org_units WHERE code = '150200'");

        var e = await Assert.ThrowsAsync<BusinessRuleException>(() => _f.InScopeAsync(sp => sp.GetRequiredService<IAccountService>()
            .CreateUserAsync(new CreateUserRequest("intruder", "越权", baotou, [Roles.UnitOfficer]))));

        Assert.Contains("orgUnitId", e.Errors.Keys);
        Assert.Equal(0, await _f.QueryAsync<long>("SELECT count(*) FROM platform.users WHERE user_name = 'intruder'"));
    }

    [Fact]
    public async Task Unlocking_with_a_stale_version_is_a_conflict_not_a_silent_overwrite()
    {
        await _f.ActAsAsync("demo.admin");
        var users = await _f.InScopeAsync(sp => sp.GetRequiredService<IAccountService>().ListUsersAsync());
        var target = users.Single(u => u.UserName == "demo.unit");
        await _f.InScopeAsync(sp => sp.GetRequiredService<IAccountService>().ResetPasswordAsync(target.Id, target.Version));

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            _f.InScopeAsync(sp => sp.GetRequiredService<IAccountService>().UnlockAsync(target.Id, target.Version)));
    }

    [Theory]
    [InlineData("password12", "常见")]          // a common word with digits
    [InlineData("Admin2025xyz!", "")]            // fine: letters "adminxyz" are not a common word on their own
    [InlineData("demo.leader-2026", "用户名")]   // the user name inside the password
    [InlineData("1111111111a", "简单")]          // too few different characters
    public async Task Guessable_new_passwords_are_refused(string password, string reason)
    {
        var user = await _f.ActAsAsync("demo.leader");
        Task Change() => _f.InScopeAsync(sp => sp.GetRequiredService<IAccountService>().ChangePasswordAsync(user.Id, PlatformFixture.DemoPassword, password));

        if (reason.Length == 0)
        {
            await Change();
            return;
        }

        var e = await Assert.ThrowsAsync<BusinessRuleException>(Change);
        Assert.Contains(reason, e.Errors["newPassword"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Of_two_administrators_resetting_one_password_at_once_one_one_time_password_is_issued_and_the_other_gets_a_conflict()
    {
        await _f.ActAsAsync("demo.admin");
        var target = (await _f.InScopeAsync(sp => sp.GetRequiredService<IAccountService>().ListUsersAsync())).First(u => u.UserName == "demo.unit");
        var passwords = new string?[3];

        var race = await Races.RunAsync(3, async i =>
            passwords[i] = await _f.InScopeAsync(sp => sp.GetRequiredService<IAccountService>().ResetPasswordAsync(target.Id, target.Version)));

        Assert.Equal((1, 2), (race.Won, race.Conflicts));
        Assert.True((await LoginAsync("demo.unit", passwords[race.Winners[0]]!)).Succeeded);
    }
}
