using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace GreenChannel.Notifications.Delivery;

/// <summary>
/// E-mail through an SMTP server (MailKit). One connection serves a whole batch. The Message-ID is the delivery's
/// idempotency key, so a message sent again after a node died between the server's acceptance and the outbox's record
/// carries the same identity (mail stores show it once).
/// </summary>
internal sealed class EmailChannel(IOptions<NotificationsOptions> options) : IDeliveryChannel
{
    private SmtpClient? _client;

    public string Channel => "email";

    public async Task SendAsync(Outgoing outgoing, CancellationToken ct)
    {
        var o = options.Value;
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(o.SmtpFromName, o.SmtpFrom));
        if (!MailboxAddress.TryParse(outgoing.Address, out var to))
        {
            throw new DeliveryFailedException("收件地址无效。");
        }

        message.To.Add(to);
        message.Subject = outgoing.Title;
        message.MessageId = $"{outgoing.IdempotencyKey:N}@greenchannel";
        message.Headers.Add("X-GreenChannel-Delivery", outgoing.IdempotencyKey.ToString("N"));
        message.Body = new TextPart("plain")
        {
            Text = $"{outgoing.Body}\n\n查看详情：{Links.Absolute(o.SiteUrl, outgoing.Link)}\n\n（本邮件由{o.SmtpFromName}系统发出，请勿直接回复。）",
        };
        try
        {
            var client = await ConnectedAsync(ct);
            await client.SendAsync(message, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The connection may be in any state: the next message opens a new one.
            await DisposeAsync();
            throw new DeliveryFailedException($"邮件服务器未接受：{Short(e.Message)}", e);
        }
    }

    private async Task<SmtpClient> ConnectedAsync(CancellationToken ct)
    {
        if (_client is { IsConnected: true })
        {
            return _client;
        }

        var o = options.Value;
        _client = new SmtpClient { Timeout = 30_000 };
        var security = o.SmtpSecurity switch
        {
            "None" => SecureSocketOptions.None,
            "StartTls" => SecureSocketOptions.StartTls,
            "Ssl" => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.StartTlsWhenAvailable,
        };
        await _client.ConnectAsync(o.SmtpHost ?? "", o.SmtpPort, security, ct);
        if (!string.IsNullOrEmpty(o.SmtpUserName))
        {
            await _client.AuthenticateAsync(o.SmtpUserName, o.SmtpPassword ?? "", ct);
        }

        return _client;
    }

    private static string Short(string text) => text.Length <= 200 ? text : text[..200];

    public async ValueTask DisposeAsync()
    {
        if (_client is { } client)
        {
            _client = null;
            try
            {
                if (client.IsConnected)
                {
                    await client.DisconnectAsync(true);
                }
            }
            catch (Exception e) when (e is IOException or SmtpProtocolException or SmtpCommandException or System.Net.Sockets.SocketException or OperationCanceledException)
            {
                // Already broken: nothing to say goodbye to.
            }

            client.Dispose();
        }
    }
}
