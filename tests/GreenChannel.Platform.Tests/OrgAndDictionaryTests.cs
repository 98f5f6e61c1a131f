using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;
using Microsoft.Extensions.DependencyInjection;
using GreenChannel.Testing;
using Npgsql;

namespace GreenChannel.Platform.Tests;

public sealed class OrgAndDictionaryTests : IAsyncLifetime
{
    private PlatformFixture _f = null!;

    public async Task InitializeAsync() => _f = await PlatformFixture.CreateAsync();

    public async Task DisposeAsync() => await _f.DisposeAsync();

    [Fact]
    public async Task The_fifteen_recommending_bodies_are_seeded_with_their_region_codes()
    {
        await _f.ActAsAsync("demo.admin");
        var regions = await _f.InScopeAsync(sp => sp.GetRequiredService<IOrgUnitQueries>().ListRegionsAsync());
        var units = await _f.InScopeAsync(sp => sp.GetRequiredService<IOrgUnitQueries>().ListVisibleAsync());

        Assert.Equal(15, regions.Count);
        Assert.Contains(regions, r => r.Code == "150781" && r.Name == "满洲里市");
        Assert.Contains(regions, r => r.Code == "152501" && r.Name == "二连浩特市");
        Assert.Contains(regions, r => r.Code == "152900" && r.Name == "阿拉善盟");
        var bodies = units.Where(u => u.Kind == OrgUnitKinds.RecommendingBody).ToList();
        Assert.Equal(15, bodies.Count);
        Assert.Equal(regions.Select(r => r.Code).Order(), bodies.Select(b => b.RegionCode).Order());
    }

    [Fact]
    public async Task A_regional_user_sees_only_their_subtree_of_the_org_tree()
    {
        await _f.ActAsAsync("demo.body");

        var units = await _f.InScopeAsync(sp => sp.GetRequiredService<IOrgUnitQueries>().ListVisibleAsync());

        Assert.All(units, u => Assert.Equal("150100", u.RegionCode));
        Assert.Equal("呼和浩特市人力资源和社会保障局", units[0].Name);
        Assert.Contains(units, u => u.Name == "呼和浩特市水利规划设计研究院");
    }

    [Fact]
    public async Task A_new_unit_inherits_its_region_and_a_department_only_sits_under_the_regional_level()
    {
        await _f.ActAsAsync("demo.admin");
        var baotou = await _f.QueryAsync<long>("SELECT id FROM platform.org_units WHERE code = '150200'");
        var created = await _f.InScopeAsync(sp => sp.GetRequiredService<IOrgUnitAdministration>()
            .CreateAsync(new CreateOrgUnitRequest(baotou, "91150200TEST", "包头测试单位", OrgUnitKinds.Unit)));

        Assert.Equal("150200", created.RegionCode);
        var e = await Assert.ThrowsAsync<BusinessRuleException>(() => _f.InScopeAsync(sp => sp.GetRequiredService<IOrgUnitAdministration>()
            .CreateAsync(new CreateOrgUnitRequest(baotou, "D-WRONG", "错误的部门", OrgUnitKinds.Department))));
        Assert.Contains("kind", e.Errors.Keys);
    }

    [Theory]
    [InlineData("汉", "汉族")]
    [InlineData("汉族", "汉族")]
    [InlineData("蒙古", "蒙古族")]
    [InlineData("02", "蒙古族")]
    [InlineData(" 达斡尔族 ", "达斡尔族")]
    [InlineData("外国血统中国籍人士", "外国血统中国籍人士")]
    [InlineData("火星族", null)]
    public async Task Ethnic_groups_follow_GB3304_and_accept_the_short_form(string input, string? expected)
    {
        Assert.Equal(expected, await _f.InScopeAsync(sp => sp.GetRequiredService<IDictionaryQueries>().NormalizeEthnicGroupAsync(input)));
    }

    [Fact]
    public async Task The_ethnic_group_list_has_the_56_groups_plus_97_and_98()
    {
        var groups = await _f.InScopeAsync(sp => sp.GetRequiredService<IDictionaryQueries>().ListEthnicGroupsAsync());

        Assert.Equal(58, groups.Count);
        Assert.Equal("基诺族", groups.Single(g => g.Code == "56").Name);
    }

    [Fact]
    public async Task Title_series_carry_the_eight_skill_linked_fields_and_their_level_names()
    {
        var series = await _f.InScopeAsync(sp => sp.GetRequiredService<IDictionaryQueries>().ListTitleSeriesAsync());

        Assert.True(series.Count >= 27);
        string[] eightFields = ["工程", "农业", "工艺美术", "文物博物", "实验技术", "艺术", "体育", "技工院校教师"];
        Assert.Equal(eightFields.Order(StringComparer.Ordinal), series.Where(s => s.SkillLinked).Select(s => s.Name).Order(StringComparer.Ordinal));
        var engineering = series.Single(s => s.Name == "工程");
        Assert.Equal("正高级工程师", engineering.LevelTitles["正高级"]);
        Assert.Equal("技术员", engineering.LevelTitles["员级"]);
        Assert.Equal("教授", series.Single(s => s.Name == "高等学校教师").LevelTitles["正高级"]);
        Assert.True(series.Single(s => s.Name == "卫生").RequiresLicense);
    }

    private static Task<IReadOnlyList<EthnicGroup>> EthnicGroupsAsync(ModuleFixture node) =>
        node.InScopeAsync(sp => sp.GetRequiredService<IDictionaryQueries>().ListEthnicGroupsAsync());

    private static async Task<string?> ShortNameAsync(ModuleFixture node, string code) => (await EthnicGroupsAsync(node)).Single(g => g.Code == code).ShortName;

    [Fact]
    public async Task A_dictionary_change_saved_on_one_node_is_read_on_another_node_at_once()
    {
        await using var other = _f.Inner.AnotherNode();
        Assert.Equal("蒙古", await ShortNameAsync(other, "02")); // the other node holds its copy
        await _f.ActAsAsync("demo.admin");
        var mongol = (await EthnicGroupsAsync(_f.Inner)).Single(g => g.Code == "02");

        await _f.InScopeAsync(sp => sp.GetRequiredService<IDictionaryAdministration>()
            .SaveEthnicGroupAsync("02", new SaveEthnicGroupRequest(mongol.Name, "蒙", mongol.Version)));

        Assert.Equal("蒙", await ShortNameAsync(other, "02"));
        Assert.Equal("蒙古族", await other.InScopeAsync(sp => sp.GetRequiredService<IDictionaryQueries>().NormalizeEthnicGroupAsync("蒙")));
        Assert.Equal("蒙", await ShortNameAsync(_f.Inner, "02"));
    }

    [Fact]
    public async Task Dictionaries_are_read_from_the_nodes_copy_until_the_stamp_changes()
    {
        Assert.Equal("蒙古", await ShortNameAsync(_f.Inner, "02"));

        // A change that bypasses the stamp (triggers off) is not seen by a node holding a copy, only by a node without one.
        await _f.QueryAsync<int>("""
            ALTER TABLE platform.ethnic_groups DISABLE TRIGGER ethnic_groups_changed;
            UPDATE platform.ethnic_groups SET short_name = '蒙古（未盖章）' WHERE code = '02';
            ALTER TABLE platform.ethnic_groups ENABLE TRIGGER ethnic_groups_changed;
            SELECT 1
            """);
        Assert.Equal("蒙古", await ShortNameAsync(_f.Inner, "02"));
        await using var fresh = _f.Inner.AnotherNode();
        Assert.Equal("蒙古（未盖章）", await ShortNameAsync(fresh, "02"));

        // Any statement on a dictionary table gives a new stamp: every node reads the tables again.
        await _f.QueryAsync<int>("UPDATE platform.education_levels SET sort_order = sort_order WHERE false; SELECT 1");
        Assert.Equal("蒙古（未盖章）", await ShortNameAsync(_f.Inner, "02"));
    }

    [Fact]
    public async Task A_dictionary_change_rolled_back_is_read_back_by_its_own_transaction_and_never_kept()
    {
        await _f.ActAsAsync("demo.admin");
        var mongol = (await EthnicGroupsAsync(_f.Inner)).Single(g => g.Code == "02");

        await Assert.ThrowsAsync<InvalidOperationException>(() => _f.InScopeAsync(async sp =>
        {
            await sp.GetRequiredService<IDictionaryAdministration>().SaveEthnicGroupAsync("02", new SaveEthnicGroupRequest(mongol.Name, "蒙", mongol.Version));
            Assert.Equal("蒙", (await sp.GetRequiredService<IDictionaryQueries>().ListEthnicGroupsAsync()).Single(g => g.Code == "02").ShortName);
            throw new InvalidOperationException("回滚"); // the unit of work is disposed without a commit
        }));

        Assert.Equal("蒙古", await ShortNameAsync(_f.Inner, "02"));
        Assert.Equal("蒙古族", await _f.InScopeAsync(sp => sp.GetRequiredService<IDictionaryQueries>().NormalizeEthnicGroupAsync("蒙古")));
        Assert.Null(await _f.InScopeAsync(sp => sp.GetRequiredService<IDictionaryQueries>().NormalizeEthnicGroupAsync("蒙")));
    }

    [Fact]
    public async Task An_administrator_can_add_a_title_series_and_a_stale_edit_is_a_conflict()
    {
        await _f.ActAsAsync("demo.admin");
        var levels = new Dictionary<string, string> { ["中级"] = "数据工程师", ["副高级"] = "高级数据工程师", ["正高级"] = "正高级数据工程师" };
        var added = await _f.InScopeAsync(sp => sp.GetRequiredService<IDictionaryAdministration>()
            .SaveTitleSeriesAsync(new SaveTitleSeriesRequest("sjgc", "数据工程", true, false, false, levels, null)));
        Assert.Equal("SJGC", added.Code);

        await _f.InScopeAsync(sp => sp.GetRequiredService<IDictionaryAdministration>()
            .SaveTitleSeriesAsync(new SaveTitleSeriesRequest("SJGC", "数据工程技术", true, false, false, levels, added.Version)));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => _f.InScopeAsync(sp => sp.GetRequiredService<IDictionaryAdministration>()
            .SaveTitleSeriesAsync(new SaveTitleSeriesRequest("SJGC", "并发修改", true, false, false, levels, added.Version))));
    }

    [Fact]
    public async Task The_audit_log_records_before_and_after_and_refuses_changes()
    {
        await _f.ActAsAsync("demo.admin");
        var series = (await _f.InScopeAsync(sp => sp.GetRequiredService<IDictionaryQueries>().ListTitleSeriesAsync())).Single(s => s.Code == "KJ");
        await _f.InScopeAsync(sp => sp.GetRequiredService<IDictionaryAdministration>().SaveTitleSeriesAsync(
            new SaveTitleSeriesRequest("KJ", "会计", false, false, false, series.LevelTitles, series.Version)));

        var entries = await _f.InScopeAsync(sp => sp.GetRequiredService<IAuditLog>().ListAsync("title_series", 10));
        var entry = Assert.Single(entries);
        Assert.Equal("demo.admin", entry.UserName);
        Assert.True(System.Text.Json.JsonDocument.Parse(entry.Before!).RootElement.GetProperty("examCombined").GetBoolean());
        Assert.False(System.Text.Json.JsonDocument.Parse(entry.After!).RootElement.GetProperty("examCombined").GetBoolean());

        var update = await Assert.ThrowsAsync<PostgresException>(() => _f.QueryAsync<int>("UPDATE platform.audit_log SET action = 'x'"));
        Assert.Contains("审计日志只能追加", update.MessageText);
        await Assert.ThrowsAsync<PostgresException>(() => _f.QueryAsync<int>("DELETE FROM platform.audit_log"));
    }

    [Fact]
    public async Task Each_role_gets_its_default_permissions_once()
    {
        var count = await _f.QueryAsync<long>("SELECT count(*) FROM platform.role_permissions WHERE role = 'sysadmin'");
        Assert.Equal(9, count);

        // An administrator's revocation survives the next start-up.
        await _f.QueryAsync<int>("DELETE FROM platform.role_permissions WHERE role = 'leader' AND permission = 'platform.audit.view'");
        await _f.Inner.InitializeModulesAsync();
        Assert.Equal(0, await _f.QueryAsync<long>("SELECT count(*) FROM platform.role_permissions WHERE role = 'leader'"));
    }
}
