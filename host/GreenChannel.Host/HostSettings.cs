using System.ComponentModel.DataAnnotations;

namespace GreenChannel.Host;

/// <summary>
/// The host's own settings, read while the application is built (before there are services), bound and validated like
/// a module's options (<see cref="Modularity.ModuleOptions.Read{T}"/>): a wrong value stops the start with the key.
/// </summary>
internal sealed class HostSettings
{
    public const string Section = "GreenChannel";

    /// <summary>The embedded PostgreSQL's data folder, relative to the content root (used when no connection string is set).</summary>
    public string DataFolder { get; set; } = Path.Combine(".data", "postgres");

    /// <summary>Apply pending migrations at start (always in Development).</summary>
    public bool MigrateOnStartup { get; set; }
}

/// <summary>Section ConnectionStrings: the primary, and the replica reports read from (empty: the primary).</summary>
internal sealed class DatabaseSettings : IValidatableObject
{
    public const string Section = "ConnectionStrings";

    /// <summary>Empty: the embedded PostgreSQL.</summary>
    public string? Default { get; set; }

    public string? Reporting { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (key, value) in new[] { (nameof(Default), Default), (nameof(Reporting), Reporting) })
        {
            string? problem = null;
            try
            {
                _ = string.IsNullOrWhiteSpace(value) ? null : new Npgsql.NpgsqlConnectionStringBuilder(value);
            }
            catch (ArgumentException e)
            {
                problem = e.Message;
            }

            if (problem is not null)
            {
                yield return new ValidationResult($"配置项 {Section}:{key}（环境变量 {Section}__{key}）不是有效的 PostgreSQL 连接字符串：{problem}", [key]);
            }
        }
    }
}

/// <summary>Section GreenChannel:Scheduler: this node's identity in the Quartz cluster and operators' schedule changes.</summary>
internal sealed class SchedulerSettings
{
    public const string Section = "GreenChannel:Scheduler";

    /// <summary>Empty: generated (one per process).</summary>
    public string? InstanceId { get; set; }

    [Range(1, 3600, ErrorMessage = "配置项 GreenChannel:Scheduler:CheckinSeconds（集群节点签到间隔，秒）须为 1–3600 的整数。")]
    public int CheckinSeconds { get; set; } = 15;

    /// <summary>{group} → {job} → a Quartz cron expression replacing that job's schedule.</summary>
    public Dictionary<string, Dictionary<string, string>> Cron { get; set; } = new(StringComparer.Ordinal);
}
