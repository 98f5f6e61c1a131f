using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Time;
using Quartz;

namespace GreenChannel.Platform.Calendar;

/// <summary>
/// Daily check that the holiday schedule covers this year and, from November (when the State Council publishes it),
/// next year. Raises or clears an alert that administrators see on the home page. Idempotent; also run at start-up.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class CalendarCoverageJob(IUnitOfWork uow, BusinessClock clock) : UnitOfWorkJob(uow)
{
    private readonly IUnitOfWork _uow = uow;

    public static readonly JobKey Key = new("calendar-coverage", "platform");

    public static string AlertKey(int year) => $"calendar-missing-{year}";

    protected override Task ExecuteInTransactionAsync(IJobExecutionContext context, CancellationToken cancellationToken) =>
        CheckAsync(_uow, clock.Today, cancellationToken);

    /// <summary>Raises or clears the alerts as of <paramref name="today"/>.</summary>
    internal static async Task CheckAsync(IUnitOfWork uow, DateOnly today, CancellationToken cancellationToken)
    {
        var needed = new List<int> { today.Year };
        if (today.Month >= 11)
        {
            needed.Add(today.Year + 1);
        }

        var loaded = (await uow.QueryAsync<int>("SELECT year FROM platform.calendar_years", null, cancellationToken)).ToHashSet();
        foreach (var year in needed)
        {
            if (loaded.Contains(year))
            {
                await uow.ExecuteAsync("DELETE FROM platform.system_alerts WHERE key = @key", new { key = AlertKey(year) }, cancellationToken);
            }
            else
            {
                await uow.ExecuteAsync(
                    """
                    INSERT INTO platform.system_alerts (key, message) VALUES (@key, @message)
                    ON CONFLICT (key) DO NOTHING
                    """,
                    new
                    {
                        key = AlertKey(year),
                        message = $"{year}年的节假日安排尚未录入：涉及{year}年的公示期将无法计算。请在“节假日日历”中导入国务院办公厅发布的安排。",
                    }, cancellationToken);
            }
        }
    }
}
