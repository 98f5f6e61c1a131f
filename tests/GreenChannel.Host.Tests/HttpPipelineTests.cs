using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GreenChannel.Testing;

namespace GreenChannel.Host.Tests;

public sealed class HttpPipelineTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Fact]
    public async Task Health_is_ok_when_the_database_answers_and_every_migration_is_applied()
    {
        using var client = Host.CreateClient();
        using var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("迁移已全部应用", body);
    }

    [Fact]
    public async Task The_login_page_is_in_Chinese_by_default_and_English_on_request()
    {
        using var client = Host.CreateClient();
        var zh = await client.GetStringAsync("/Account/Login");
        Assert.Contains("<html lang=\"zh-CN\">", zh);
        Assert.Contains("请登录", zh);
        Assert.Contains("/lib/bootstrap/css/bootstrap.min.css", zh);

        (await client.GetAsync("/culture?c=en&returnUrl=/Account/Login")).Dispose();
        var en = await client.GetStringAsync("/Account/Login");
        Assert.Contains("Please sign in", en);
    }

    [Fact]
    public async Task Bootstrap_is_served_from_the_npm_package_restored_at_build()
    {
        using var client = Host.CreateClient();
        using var response = await client.GetAsync("/lib/bootstrap/css/bootstrap.min.css");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Bootstrap", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_anonymous_api_call_gets_a_401_problem_in_Chinese_not_a_redirect()
    {
        using var client = Host.CreateClient();
        using var response = await client.GetAsync("/api/platform/users");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("请先登录", (await ProblemAsync(response)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_page_without_login_redirects_to_the_login_page()
    {
        using var client = Host.CreateClient();
        using var response = await client.GetAsync("/Admin/Users");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task A_call_without_the_permission_gets_a_403_problem_in_Chinese()
    {
        using var client = await Host.LoginAsync("demo.applicant");
        using var response = await client.GetAsync("/api/platform/users");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("没有权限执行此操作", (await ProblemAsync(response)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task Malformed_json_gets_a_400_problem_with_a_field_error_in_Chinese()
    {
        using var client = await Host.LoginAsync("demo.admin");
        using var response = await client.PostAsync("/api/platform/users", new StringContent("{\"userName\": ", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.Equal("请求格式错误", problem.GetProperty("title").GetString());
        Assert.Contains("JSON", problem.GetProperty("errors").GetProperty("body")[0].GetString());
    }

    [Fact]
    public async Task A_wrong_field_type_gets_a_400_problem()
    {
        using var client = await Host.LoginAsync("demo.admin");
        using var response = await client.PostAsync("/api/platform/users",
            new StringContent("{\"userName\":\"x\",\"orgUnitId\":\"not-a-number\"}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("orgUnitId", (await ProblemAsync(response)).GetProperty("errors").GetProperty("body")[0].GetString());
    }

    [Fact]
    public async Task Invalid_input_gets_field_level_errors_in_Chinese_and_saves_nothing()
    {
        using var client = await Host.LoginAsync("demo.admin");
        var before = await client.GetFromJsonAsync<JsonElement>("/api/platform/users");

        using var response = await client.PostAsJsonAsync("/api/platform/users", new { userName = "a", displayName = "", orgUnitId = (long?)null, roles = new[] { "nobody" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await ProblemAsync(response)).GetProperty("errors");
        Assert.Contains("用户名", errors.GetProperty("userName")[0].GetString());
        Assert.Contains("姓名", errors.GetProperty("displayName")[0].GetString());
        Assert.Contains("角色", errors.GetProperty("roles")[0].GetString());
        Assert.Contains("机构", errors.GetProperty("orgUnitId")[0].GetString());
        var after = await client.GetFromJsonAsync<JsonElement>("/api/platform/users");
        Assert.Equal(before.GetArrayLength(), after.GetArrayLength());
    }

    [Fact]
    public async Task An_unknown_api_route_gets_a_404_problem_in_Chinese()
    {
        using var client = await Host.LoginAsync("demo.admin");
        using var response = await client.GetAsync("/api/platform/no-such-thing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("未找到", (await ProblemAsync(response)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_regional_reviewer_sees_only_their_region_through_the_api()
    {
        using var client = await Host.LoginAsync("demo.body");
        var units = await client.GetFromJsonAsync<JsonElement>("/api/platform/org-units");

        Assert.True(units.GetArrayLength() >= 3);
        Assert.All(units.EnumerateArray(), u => Assert.Equal("150100", u.GetProperty("regionCode").GetString()));
    }

    [Fact]
    public async Task Working_days_are_computed_on_the_holiday_calendar_through_the_api()
    {
        using var client = await Host.LoginAsync("demo.center");
        var result = await client.GetFromJsonAsync<JsonElement>("/api/platform/calendar/working-days?start=2025-09-26&days=5");

        Assert.Equal("2025-10-09", result.GetProperty("end").GetString());
    }

    [Fact]
    public async Task A_date_in_a_year_without_a_schedule_is_refused_with_422()
    {
        using var client = await Host.LoginAsync("demo.center");
        using var response = await client.GetAsync("/api/platform/calendar/working-days?start=2030-03-01&days=5");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("2030年的节假日安排尚未录入", (await ProblemAsync(response)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Every_command_through_the_api_is_written_to_the_audit_log()
    {
        using var admin = await Host.LoginAsync("demo.admin");
        var regions = await admin.GetFromJsonAsync<JsonElement>("/api/platform/org-units");
        var wuhai = regions.EnumerateArray().First(u => u.GetProperty("code").GetString() == "150300").GetProperty("id").GetInt64();

        using var created = await admin.PostAsJsonAsync("/api/platform/org-units", new { parentId = wuhai, code = "U-150300-AUDIT", name = "乌海市审计测试单位", kind = "unit" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var audit = await admin.GetFromJsonAsync<JsonElement>("/api/platform/audit?entityType=org_unit");
        var entry = audit.EnumerateArray().First();
        Assert.Equal("demo.admin", entry.GetProperty("userName").GetString());
        Assert.Equal("新增机构", entry.GetProperty("action").GetString());
        Assert.Contains("乌海市审计测试单位", entry.GetProperty("after").GetString());
    }

    [Fact]
    public async Task The_openapi_document_and_its_browsable_ui_are_served()
    {
        using var client = Host.CreateClient();
        var doc = await client.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/platform/users", doc);
        Assert.Contains("/api/scheduler/jobs", doc);

        using var ui = await client.GetAsync("/api-docs/index.html");
        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
    }

    [Theory]
    [InlineData("demo.applicant", new[] { "首页", "消息", "我的申报", "我的证书" })]
    [InlineData("demo.unit", new[] { "首页", "消息", "审核工作台", "申报材料", "公示", "评审批次", "组织机构" })]
    [InlineData("demo.body", new[] { "首页", "消息", "审核工作台", "申报材料", "公示", "评审批次", "统计", "用户管理", "组织机构" })]
    [InlineData("demo.center", new[] { "首页", "消息", "审核工作台", "申报材料", "公示", "评审批次", "政策版本", "统计", "评审委员会", "导入花名册", "电子证书", "结果备案", "网上评审安排", "组织机构", "节假日日历" })]
    [InlineData("demo.committee", new[] { "首页", "消息", "申报材料", "公示", "评审批次", "统计", "评审委员会", "网上评审安排", "节假日日历" })]
    [InlineData("demo.leader", new[] { "首页", "消息", "公示", "评审批次", "政策版本", "统计", "评审委员会", "结果备案", "网上评审安排", "审计日志" })]
    [InlineData("demo.expert", new[] { "首页", "消息", "网上评审", "评审投票" })]
    [InlineData("demo.admin", new[] { "首页", "消息", "申报材料", "公示", "评审批次", "政策版本", "用户管理", "组织机构", "数据字典", "节假日日历", "定时任务", "审计日志", "消息发送" })]
    public async Task Each_role_sees_only_its_menu_items(string user, string[] expected)
    {
        using var client = await Host.LoginAsync(user);
        var html = await client.GetStringAsync("/");
        var menu = html[html.IndexOf("id=\"main-menu\"", StringComparison.Ordinal)..html.IndexOf("</ul>", StringComparison.Ordinal)];

        var items = System.Text.RegularExpressions.Regex.Matches(menu, "class=\"nav-link[^\"]*\" href=\"[^\"]+\"[^>]*>([^<]+)(?:<span[^>]*>[^<]*</span>)?</a>").Select(m => m.Groups[1].Value);
        Assert.Equal(expected, items);
    }

    [Fact]
    public async Task A_page_outside_the_users_permissions_is_denied()
    {
        using var client = await Host.LoginAsync("demo.applicant");
        using var response = await client.GetAsync("/Admin/Scheduler");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Denied", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task A_user_with_a_one_time_password_must_change_it_before_anything_else()
    {
        using var admin = await Host.LoginAsync("demo.admin");
        var units = await admin.GetFromJsonAsync<JsonElement>("/api/platform/org-units");
        var unit = units.EnumerateArray().First(u => u.GetProperty("code").GetString() == "U-150100-02").GetProperty("id").GetInt64();
        using var created = await admin.PostAsJsonAsync("/api/platform/users", new { userName = "new.officer", displayName = "新经办人", orgUnitId = unit, roles = new[] { "unit_officer" } });
        var password = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("oneTimePassword").GetString()!;

        using var client = await Host.LoginAsync("new.officer", password);
        using var home = await client.GetAsync("/");
        Assert.Equal("/Account/ChangePassword", home.Headers.Location!.OriginalString);
        using var api = await client.GetAsync("/api/platform/org-units");
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);

        var form = await client.GetStringAsync("/Account/ChangePassword");
        using var changed = await client.PostAsync("/Account/ChangePassword", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["CurrentPassword"] = password,
            ["NewPassword"] = "Changed-Password-1",
            ["ConfirmPassword"] = "Changed-Password-1",
            ["__RequestVerificationToken"] = TestHost.AntiforgeryToken(form),
        }));
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        using var homeAgain = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, homeAgain.StatusCode);
    }

    [Fact]
    public async Task The_administrator_pages_render()
    {
        using var client = await Host.LoginAsync("demo.admin");
        foreach (var (path, text) in new[]
                 {
                     ("/Admin/Users", "demo.applicant"), ("/Admin/OrgUnits", "二连浩特市人力资源和社会保障局"),
                     ("/Admin/Dictionaries", "正高级工程师"), ("/Admin/Dictionaries?tab=ethnic", "基诺族"),
                     ("/Admin/Calendar?year=2026", "调休上班"), ("/Admin/Scheduler", "calendar-coverage"), ("/Admin/Audit", "初始化演示数据"),
                 })
        {
            var html = await client.GetStringAsync(path);
            Assert.Contains(text, html);
        }
    }

    [Fact]
    public async Task A_page_form_shows_field_errors_in_Chinese_and_saves_nothing_then_saves_a_valid_entry()
    {
        using var client = await Host.LoginAsync("demo.admin");
        var form = await client.GetStringAsync("/Admin/OrgUnits");
        var token = TestHost.AntiforgeryToken(form);
        var units = await client.GetFromJsonAsync<JsonElement>("/api/platform/org-units");
        var chifeng = units.EnumerateArray().First(u => u.GetProperty("code").GetString() == "150400").GetProperty("id").GetInt64();

        using var invalid = await client.PostAsync("/Admin/OrgUnits", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["ParentId"] = chifeng.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Kind"] = "unit", ["Code"] = "", ["Name"] = "",
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.OK, invalid.StatusCode);
        var html = await invalid.Content.ReadAsStringAsync();
        Assert.Contains("请填写机构名称", html);
        Assert.Contains("机构代码", html);

        using var valid = await client.PostAsync("/Admin/OrgUnits", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["ParentId"] = chifeng.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Kind"] = "unit", ["Code"] = "U-150400-PAGE", ["Name"] = "赤峰市页面测试单位",
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, valid.StatusCode);
        Assert.Contains("赤峰市页面测试单位", await client.GetStringAsync("/Admin/OrgUnits"));
    }
}
