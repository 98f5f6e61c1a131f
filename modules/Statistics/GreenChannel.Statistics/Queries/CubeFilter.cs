using GreenChannel.Statistics.Contracts;

namespace GreenChannel.Statistics.Queries;

/// <summary>The dashboard's filter as numbers of the cube's dimensions; a value the cube has never seen matches nothing.</summary>
internal readonly struct CubeFilter
{
    private const int Any = int.MinValue;
    private const int Nothing = -2; // below every number and below -1 (none)
    private readonly int _year, _round, _region, _category, _series, _level;

    public CubeFilter(CubeSnapshot cube, StatisticsFilter f)
    {
        _year = f.Year ?? Any;
        _round = f.RoundId is { } r ? Number(cube.Rounds, r) : Any;
        _region = f.RegionCode is { } g ? Number(cube.Regions, g) : Any;
        _category = f.Category ?? Any;
        _series = f.SeriesCode is { } s ? Number(cube.Series, s) : Any;
        _level = f.Level is { } l ? Number(cube.Levels, l) : Any;
    }

    private static int Number<T>(IReadOnlyList<T> values, T value)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (EqualityComparer<T>.Default.Equals(values[i], value))
            {
                return i;
            }
        }

        return Nothing;
    }

    public bool Matches(in CubeCell c, bool withYear) =>
        (_round == Any || c.Round == _round) && (_region == Any || c.Region == _region) && (_category == Any || c.Category == _category)
        && (_series == Any || c.Series == _series) && (_level == Any || c.Level == _level) && (!withYear || MatchesYear(c));

    public bool MatchesYear(in CubeCell c) => _year == Any || c.Year == _year;

    public int Applied(CubeSnapshot cube)
    {
        var sum = 0;
        for (var k = 0; k < cube.ChunkCount; k++)
        {
            foreach (ref readonly var c in cube.Chunk(k))
            {
                if (Matches(c, withYear: true))
                {
                    sum += c.Applied;
                }
            }
        }

        return sum;
    }
}
