namespace GreenChannel.DemoData;

/// <summary>
/// Each person's round, body and outcome roll (a byte each) without making the people, and the people grouped by round
/// and body in order of application: the results and notice passes write notice by notice, each in order of application.
/// </summary>
internal sealed class HistoryRoutes
{
    private readonly byte[] _round;
    private readonly byte[] _body;
    private readonly byte[] _roll;
    private readonly int[] _ordered; // person indexes sorted by (round, body), in order within each
    private readonly int[] _starts;  // where each (round, body) begins in _ordered; one more entry for the end
    private readonly int _bodies;

    public HistoryRoutes(HistoryPlan plan)
    {
        var n = plan.Applications;
        _bodies = plan.Bodies.Count;
        _round = new byte[n];
        _body = new byte[n];
        _roll = new byte[n];
        _starts = new int[(plan.Rounds.Count * _bodies) + 1];
        for (var i = 0; i < n; i++)
        {
            var (r, b, o) = Person.Route(i, plan.Shares);
            (_round[i], _body[i], _roll[i]) = ((byte)r, (byte)b, (byte)o);
            _starts[Group(r, b) + 1]++;
        }

        for (var g = 1; g < _starts.Length; g++)
        {
            _starts[g] += _starts[g - 1];
        }

        var next = _starts.ToArray();
        _ordered = new int[n];
        for (var i = 0; i < n; i++)
        {
            _ordered[next[Group(_round[i], _body[i])]++] = i;
        }
    }

    public int Roll(int i) => _roll[i];

    /// <summary>The people of round <paramref name="r"/> and body <paramref name="b"/> (indexes), in order.</summary>
    public ReadOnlySpan<int> Of(int r, int b) => _ordered.AsSpan(_starts[Group(r, b)], _starts[Group(r, b) + 1] - _starts[Group(r, b)]);

    /// <summary>The people of round <paramref name="r"/> (indexes), in order.</summary>
    public IEnumerable<int> Of(int r)
    {
        for (var i = 0; i < _round.Length; i++)
        {
            if (_round[i] == r)
            {
                yield return i;
            }
        }
    }

    /// <summary>Person <paramref name="i"/>, checked against the route the ordered passes chose it by.</summary>
    public Person Routed(HistoryPlan plan, int i)
    {
        var p = plan.Person(i);
        var roll = _roll[i];
        if (p.Round != plan.Rounds[_round[i]] || p.Body != plan.Bodies[_body[i]]
            || p.InUnitNotice != roll >= 8 || p.InBodyNotice != roll >= 10 || p.InResultsNotice != roll is >= 10 and < 70)
        {
            throw new InvalidOperationException($"演示历史第 {i} 人的轮次、推荐单位或结果与其公示名单不一致。");
        }

        return p;
    }

    private int Group(int r, int b) => (r * _bodies) + b;
}
