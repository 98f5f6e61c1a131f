using System.Collections.Concurrent;
using GreenChannel.Statistics.Contracts;

namespace GreenChannel.Statistics.Queries;

/// <summary>
/// The dashboard's answers on this node, per filter and scope, valid for one version of the cube
/// (<c>statistics.cube_state</c>, raised in the transaction of every change): a leader reloading the dashboard, or its
/// charts asking for the same figures, reads one row instead of summing the cube again. A changed cube is a miss.
/// </summary>
internal sealed class DashboardCache
{
    private const int MaxEntries = 1000;

    private readonly ConcurrentDictionary<string, (long Version, Dashboard Value)> _entries = new();

    public bool TryGet(string key, long version, out Dashboard value)
    {
        if (_entries.TryGetValue(key, out var entry) && entry.Version == version)
        {
            value = entry.Value;
            return true;
        }

        value = null!;
        return false;
    }

    public void Put(string key, long version, Dashboard value)
    {
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear(); // filters are few; a full cache means many one-off ones
        }

        _entries[key] = (version, value);
    }
}
