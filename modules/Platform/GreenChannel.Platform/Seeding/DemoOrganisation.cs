using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;
using GreenChannel.Platform.Org;

namespace GreenChannel.Platform.Seeding;

internal sealed class DemoOrganisation(IUnitOfWork uow, OrgUnitService orgUnits) : IDemoOrganisation
{
    public async Task<DemoPlaces?> FindAsync(CancellationToken ct = default)
    {
        var users = (await uow.QueryAsync<(string UserName, long Id)>(
                "SELECT user_name, id FROM platform.users WHERE user_name IN ('demo.admin', 'demo.applicant', 'demo.unit')", null, ct))
            .ToDictionary(u => u.UserName, u => u.Id, StringComparer.Ordinal);
        var codes = (await uow.QueryAsync<(string Code, long Id)>("SELECT code, id FROM platform.org_units WHERE code IN ('U-150100-01', '150100', 'RC')", null, ct))
            .ToDictionary(o => o.Code, o => o.Id, StringComparer.Ordinal);
        if (users.Count < 3 || codes.Count < 3)
        {
            return null;
        }

        async Task<OrgUnit> UnitAsync(string code) => (await orgUnits.GetAsync(codes[code], ct))!;
        return new DemoPlaces(users["demo.admin"], users["demo.applicant"], users["demo.unit"], await UnitAsync("U-150100-01"), await UnitAsync("150100"), await UnitAsync("RC"));
    }
}
