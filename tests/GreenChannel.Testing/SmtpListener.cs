using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GreenChannel.Testing;

/// <summary>A message an <see cref="SmtpListener"/> accepted: envelope and the raw message as sent.</summary>
public sealed record ReceivedMail(string From, IReadOnlyList<string> To, string Raw)
{
    /// <summary>The raw message parsed (headers decoded, body as text).</summary>
    public MimeKit.MimeMessage Parse() => MimeKit.MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(Raw)));
}

/// <summary>
/// A real SMTP server on loopback for tests (RFC 5321's core: EHLO/HELO, MAIL, RCPT, DATA with dot-unstuffing, RSET,
/// NOOP, QUIT, SMTPUTF8 and 8BITMIME offered). A message counts as received when the server answers 250 to its final
/// dot, as a real server's acceptance. It can refuse (451) the next messages, or stall at DATA (to stand for a sender that
/// dies mid-send before the server accepted anything).
/// </summary>
public sealed class SmtpListener : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _refuse;

    public SmtpListener()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public ConcurrentQueue<ReceivedMail> Received { get; } = new();

    /// <summary>The next <paramref name="count"/> messages are refused at DATA with 451 (a temporary failure).</summary>
    public void RefuseNext(int count) => Interlocked.Exchange(ref _refuse, count);

    /// <summary>While set, a DATA command gets no answer until it is cleared (the client waits, as on a hung server).</summary>
    public TaskCompletionSource? StallData { get; set; }

    /// <summary>Set when a client reached DATA while <see cref="StallData"/> was set.</summary>
    public TaskCompletionSource Stalled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, new UTF8Encoding(false));
            await using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 localhost GreenChannel test SMTP");
            string? from = null;
            var to = new List<string>();
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await writer.WriteLineAsync("250-localhost");
                        await writer.WriteLineAsync("250-8BITMIME");
                        await writer.WriteLineAsync("250 SMTPUTF8");
                        break;
                    case "HELO":
                        await writer.WriteLineAsync("250 localhost");
                        break;
                    case "MAIL":
                        from = Address(line);
                        to.Clear();
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "RCPT":
                        to.Add(Address(line));
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "DATA":
                        if (StallData is { } stall)
                        {
                            Stalled.TrySetResult();
                            await stall.Task.WaitAsync(_stop.Token);
                            return; // the connection is dropped: nothing was accepted
                        }

                        if (Interlocked.Decrement(ref _refuse) >= 0)
                        {
                            await writer.WriteLineAsync("451 4.3.0 Try again later");
                            break;
                        }

                        Interlocked.Exchange(ref _refuse, 0);
                        await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                        var raw = new StringBuilder();
                        while (await reader.ReadLineAsync(_stop.Token) is { } data && data != ".")
                        {
                            raw.Append(data.StartsWith("..", StringComparison.Ordinal) ? data[1..] : data).Append("\r\n");
                        }

                        await writer.WriteLineAsync("250 OK queued");
                        Received.Enqueue(new ReceivedMail(from ?? "", to.ToList(), raw.ToString()));
                        break;
                    case "RSET":
                        from = null;
                        to.Clear();
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "NOOP":
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 Bye");
                        return;
                    default:
                        await writer.WriteLineAsync("502 Command not implemented");
                        break;
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // the client went away
        }
    }

    private static string Address(string line)
    {
        var start = line.IndexOf('<', StringComparison.Ordinal);
        var end = line.IndexOf('>', StringComparison.Ordinal);
        return start >= 0 && end > start ? line[(start + 1)..end] : "";
    }

    public async ValueTask DisposeAsync()
    {
        StallData?.TrySetResult();
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
