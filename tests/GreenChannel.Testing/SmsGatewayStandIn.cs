using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GreenChannel.Testing;

/// <summary>A request the stand-in gateway received: the headers that matter and the JSON body.</summary>
public sealed record SmsRequest(string? Authorization, string? IdempotencyKey, JsonElement Body)
{
    public string Phone => Body.GetProperty("phone").GetString() ?? "";
}

/// <summary>
/// An SMS provider's HTTP API standing in on loopback (Kestrel): <c>POST /sms/send</c> takes the JSON the system sends,
/// requires the bearer key, and, as providers with idempotent sends do, answers a repeated Idempotency-Key without
/// sending again. It can answer 503 to the next requests.
/// </summary>
public sealed class SmsGatewayStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, bool> _keys = new();
    private int _fail;

    private SmsGatewayStandIn(WebApplication app) => _app = app;

    public const string ApiKey = "test-sms-key";

    public ConcurrentQueue<SmsRequest> Requests { get; } = new();

    /// <summary>Messages actually sent: requests with a key not seen before.</summary>
    public ConcurrentQueue<SmsRequest> Sent { get; } = new();

    public string Url => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/sms/send";

    public void FailNext(int count) => Interlocked.Exchange(ref _fail, count);

    public static async Task<SmsGatewayStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var gateway = new SmsGatewayStandIn(app);
        app.MapPost("/sms/send", async (HttpContext http) =>
        {
            var body = await JsonSerializer.DeserializeAsync<JsonElement>(http.Request.Body);
            var request = new SmsRequest(http.Request.Headers.Authorization.ToString(), http.Request.Headers["Idempotency-Key"].ToString(), body);
            gateway.Requests.Enqueue(request);
            if (request.Authorization != "Bearer " + ApiKey)
            {
                return Results.Json(new { code = "Unauthorized" }, statusCode: 401);
            }

            if (Interlocked.Decrement(ref gateway._fail) >= 0)
            {
                return Results.Json(new { code = "Busy" }, statusCode: 503);
            }

            Interlocked.Exchange(ref gateway._fail, 0);
            if (request.IdempotencyKey is { Length: > 0 } key && !gateway._keys.TryAdd(key, true))
            {
                return Results.Json(new { code = "OK", duplicate = true });
            }

            gateway.Sent.Enqueue(request);
            return Results.Json(new { code = "OK", bizId = Guid.NewGuid().ToString("N") });
        });
        await app.StartAsync();
        return gateway;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
