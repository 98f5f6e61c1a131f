using GreenChannel.Modularity;
using GreenChannel.Modularity.Events;
using GreenChannel.Platform;
using GreenChannel.Rounds.Contracts;

namespace GreenChannel.Fixtures.BadModule;

/// <summary>Names only Platform, though its project also references Rounds.Contracts.</summary>
[DependsOn(typeof(PlatformModule))]
public sealed class BadModule : GreenChannelModule;

/// <summary>Public (should be internal) and reaches into another module's implementation assembly.</summary>
public sealed class LeakyService
{
    public GreenChannelModule Reach() => new PlatformModule();
}

/// <summary>Reads another module's table instead of its reporting view.</summary>
public static class ReachingQuery
{
    public const string Sql = "SELECT id, form FROM applicant.applications WHERE state = 'submitted'";

    public static string Text() => Sql + " ORDER BY id";

    /// <summary>The same in lower case.</summary>
    public static string Lower() => "select step from review.case_events where case_id = @id";

    /// <summary>A table name alone, for a helper that writes the statement around it; and a permission of the same shape.</summary>
    public static (string Table, string Permission) Names() => ("review.cases", "statistics.view");
}

/// <summary>Raises an event another module declares (a round's state is the Rounds module's to announce).</summary>
public static class ForeignEvent
{
    public static Task Raise(IEventBus bus) => bus.PublishAsync(new RoundStateChanged(1, "open", "closed"));
}

/// <summary>Reads a setting straight from configuration instead of through a validated options class.</summary>
public static class RawSetting
{
    public static int Seconds(Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        int.Parse(configuration["GreenChannel:Bad:Seconds"] ?? "15", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Changes a versioned row by hand instead of through the versioned-update primitive.</summary>
public static class HandWrittenVersion
{
    public static string Claim() => "UPDATE bad.things SET title = title, version = version + 1 WHERE id = @id AND version = @v";

    public static string Remove() => "delete from bad.things where id = @id";
}
