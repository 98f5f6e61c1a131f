using GreenChannel.Testing;

namespace GreenChannel.Host.Tests;

/// <summary>One running host shared by the HTTP tests of a class.</summary>
public sealed class HostFixture : IAsyncLifetime
{
    public TestHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await TestHost.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
