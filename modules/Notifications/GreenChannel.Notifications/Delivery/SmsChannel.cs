using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace GreenChannel.Notifications.Delivery;

/// <summary>
/// SMS through a gateway with a plain HTTP contract: <c>POST {SmsUrl}</c> with a JSON body (phone, sign name, template id
/// and its parameters, request id), <c>Authorization: Bearer {SmsApiKey}</c> and <c>Idempotency-Key</c> set to the
/// delivery's key, so a provider (or the adapter in front of one) can refuse to send the same message twice. Any 2xx is
/// accepted; anything else is a failure kept for the outbox page.
/// </summary>
internal sealed class SmsChannel(IHttpClientFactory http, IOptions<NotificationsOptions> options) : IDeliveryChannel
{
    public const string ClientName = "notifications-sms";

    public string Channel => "sms";

    public async Task SendAsync(Outgoing outgoing, CancellationToken ct)
    {
        var o = options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, o.SmsUrl)
        {
            Content = JsonContent.Create(new
            {
                phone = outgoing.Address,
                signName = o.SmsSignName,
                templateId = o.SmsTemplateId,
                @params = new { title = outgoing.Title, link = Links.Absolute(o.SiteUrl, outgoing.Link) },
                requestId = outgoing.IdempotencyKey.ToString("N"),
            }),
        };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", outgoing.IdempotencyKey.ToString("N"));
        if (!string.IsNullOrEmpty(o.SmsApiKey))
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + o.SmsApiKey);
        }

        HttpResponseMessage response;
        try
        {
            response = await http.CreateClient(ClientName).SendAsync(request, ct);
        }
        catch (HttpRequestException e)
        {
            throw new DeliveryFailedException($"短信网关无法连接：{e.Message}", e);
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new DeliveryFailedException("短信网关无应答（超时）。", e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var text = await response.Content.ReadAsStringAsync(ct);
                throw new DeliveryFailedException($"短信网关拒绝：HTTP {(int)response.StatusCode} {(text.Length <= 200 ? text : text[..200])}");
            }
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
