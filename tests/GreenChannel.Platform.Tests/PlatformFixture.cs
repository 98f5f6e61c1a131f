using GreenChannel.Platform.Contracts;
using GreenChannel.Testing;

namespace GreenChannel.Platform.Tests;

/// <summary>The platform module alone, through the shared <see cref="ModuleFixture"/>.</summary>
internal sealed class PlatformFixture : IAsyncDisposable
{
    public const string DemoPassword = ModuleFixture.DemoPassword;

    private PlatformFixture(ModuleFixture inner) => Inner = inner;

    public ModuleFixture Inner { get; }

    public ModuleTestServices Services => Inner.Services;

    public ManualTimeProvider Clock => Inner.Clock;

    public static async Task<PlatformFixture> CreateAsync(DateTimeOffset? now = null) =>
        new(await ModuleFixture.CreateAsync(typeof(PlatformModule), now));

    public Task<AuthenticatedUser> ActAsAsync(string userName, string password = DemoPassword) => Inner.ActAsAsync(userName, password);

    public Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work) => Inner.InScopeAsync(work);

    public Task InScopeAsync(Func<IServiceProvider, Task> work) => Inner.InScopeAsync(work);

    public Task<T> QueryAsync<T>(string sql, object? args = null) => Inner.QueryAsync<T>(sql, args);

    public ValueTask DisposeAsync() => Inner.DisposeAsync();
}
