using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Time;
using GreenChannel.Platform.Contracts;

namespace GreenChannel.Committee.Demo;

/// <summary>
/// Demo data: 31 engineering experts in the pool (one is the demo expert account, one works at the demo applicant's
/// unit, so recusal shows) and the 工程系列 senior committee of 25, filed half a year ago. Once, on an empty pool.
/// </summary>
internal sealed class CommitteeDemo(IUnitOfWork uow, BusinessClock clock, IAuditLog audit)
{
    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "萧", "程"];
    private static readonly string[] Given = ["建华", "志强", "秀英", "海峰", "丽娟", "国庆", "晓东", "桂兰", "振宇", "红梅", "文博", "巴特尔", "其其格", "宏伟", "淑珍", "立新", "敖日格勒", "春燕", "明辉", "玉兰", "永胜", "乌云", "德明", "雅琴", "世杰", "慧敏", "朝鲁", "晓燕", "文军", "凤英", "嘉琪"];
    private static readonly string[] Units = ["内蒙古工业大学", "内蒙古大学", "内蒙古科技大学", "内蒙古自治区水利水电勘测设计院", "内蒙古电力（集团）有限责任公司", "包头钢铁（集团）有限责任公司", "内蒙古自治区建筑科学研究院", "鄂尔多斯市能源局", "赤峰学院", "内蒙古农业大学"];
    private static readonly string[] Specialities = ["水利工程", "电气工程", "冶金工程", "土木工程", "采矿工程", "机械工程", "化学工程", "计算机技术"];

    public async Task SeedAsync(CancellationToken ct)
    {
        if (await uow.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM committee.experts)", null, ct))
        {
            return;
        }

        var ids = new List<long>();
        for (var i = 0; i < 31; i++)
        {
            var unit = i == 7 ? "呼和浩特市水利规划设计研究院" : Units[i % Units.Length];
            var level = i % 5 == 4 ? "副高级" : "正高级";
            ids.Add(await uow.ExecuteScalarAsync<long>(
                """
                INSERT INTO committee.experts (name, work_unit, series_code, speciality, title, title_level, in_post, phone, user_name)
                VALUES (@name, @unit, 'GC', @speciality, @title, @level, true, @phone, @userName) RETURNING id
                """,
                new
                {
                    name = Surnames[i] + Given[(i * 7) % Given.Length], unit, speciality = Specialities[i % Specialities.Length],
                    title = level == "正高级" ? "正高级工程师" : "高级工程师", level, phone = $"1394710{i:0000}", userName = i == 0 ? "demo.expert" : null,
                }, ct));
        }

        var filed = clock.Today.AddMonths(-6);
        var committee = await uow.ExecuteScalarAsync<long>(
            """
            INSERT INTO committee.committees (name, kind, series_code, levels, filed_on)
            VALUES ('内蒙古自治区工程系列高级职称评审委员会', 'series', 'GC', ARRAY['副高级', '正高级'], @filed) RETURNING id
            """, new { filed }, ct);
        var seats = 0;
        foreach (var (id, index) in ids.Select((id, index) => (id, index)))
        {
            if (index % 5 == 4 || seats == 25)
            {
                continue; // 副高级 experts cannot judge 正高级; the rest of the pool stays in reserve
            }

            var role = seats == 0 ? "chair" : seats <= 2 ? "vice_chair" : "member";
            await uow.ExecuteAsync(
                "INSERT INTO committee.members (committee_id, expert_id, role, term_start, term_end) VALUES (@committee, @id, @role, @filed, @until)",
                new { committee, id, role, filed, until = filed.AddYears(3) }, ct);
            seats++;
        }

        await audit.WriteAsync("初始化演示评审委员会", "committee", committee.ToString(System.Globalization.CultureInfo.InvariantCulture), null, new { experts = ids.Count, members = seats }, ct);
    }
}
