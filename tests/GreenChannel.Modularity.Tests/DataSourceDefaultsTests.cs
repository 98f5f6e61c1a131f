using GreenChannel.Modularity.Data;
using Npgsql;

namespace GreenChannel.Modularity.Tests;

public sealed class DataSourceDefaultsTests
{
    [Fact]
    public void Statements_are_prepared_and_the_pool_is_sized_to_the_processors_unless_the_connection_string_says()
    {
        var given = new NpgsqlConnectionStringBuilder(DataServices.WithDefaults("Host=db;Database=gc;Username=u"));
        Assert.Equal(256, given.MaxAutoPrepare);
        Assert.Equal(2, given.AutoPrepareMinUsages);
        Assert.Equal(Math.Max(10, 4 * Environment.ProcessorCount), given.MaxPoolSize);

        // an operator's own values win, whichever spelling of the key they use
        var own = new NpgsqlConnectionStringBuilder(DataServices.WithDefaults("Host=db;Database=gc;Max Auto Prepare=0;MaxPoolSize=100"));
        Assert.Equal(0, own.MaxAutoPrepare);
        Assert.Equal(100, own.MaxPoolSize);
        Assert.Equal(30, new NpgsqlConnectionStringBuilder(DataServices.WithDefaults("Host=db;Maximum Pool Size=30")).MaxPoolSize);
    }
}
