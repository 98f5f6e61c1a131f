using System.Data;
using Dapper;

namespace GreenChannel.Modularity.Data;

/// <summary>
/// The one data-access style of every module: snake_case columns map to PascalCase properties without aliases, and
/// timestamptz / date columns read straight into <see cref="DateTimeOffset"/> / <see cref="DateOnly"/> (Npgsql returns
/// UTC <see cref="DateTime"/> and <see cref="DateTime"/> for them) without hand conversions.
/// </summary>
public static class DapperConventions
{
    private static int _applied;

    /// <summary>Applies the conventions once per process (Dapper's settings are static).</summary>
    public static void Apply()
    {
        if (Interlocked.Exchange(ref _applied, 1) == 1)
        {
            return;
        }

        DefaultTypeMap.MatchNamesWithUnderscores = true;
        SqlMapper.AddTypeHandler(new DateTimeOffsetHandler());
        SqlMapper.AddTypeHandler(new DateOnlyHandler());
    }

    private sealed class DateTimeOffsetHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value) => parameter.Value = value.ToUniversalTime();

        public override DateTimeOffset Parse(object value) => value switch
        {
            DateTimeOffset d => d,
            DateTime d => new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
            _ => throw new DataException($"无法把 {value.GetType().Name} 读作 DateTimeOffset。"),
        };
    }

    private sealed class DateOnlyHandler : SqlMapper.TypeHandler<DateOnly>
    {
        public override void SetValue(IDbDataParameter parameter, DateOnly value)
        {
            parameter.DbType = DbType.Date;
            parameter.Value = value;
        }

        public override DateOnly Parse(object value) => value switch
        {
            DateOnly d => d,
            DateTime d => DateOnly.FromDateTime(d),
            _ => throw new DataException($"无法把 {value.GetType().Name} 读作 DateOnly。"),
        };
    }
}
