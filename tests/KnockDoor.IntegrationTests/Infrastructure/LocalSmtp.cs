using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace KnockDoor.IntegrationTests.Infrastructure;

/// <summary>
/// A real SMTP server on 127.0.0.1 (SmtpServer, in-process, a free port) that keeps every message it accepts, parsed with
/// MimeKit. It refuses for good (550) messages to an address whose local part starts with "reject", and for now (451) those to
/// one starting with "busy", so that a test can make a send fail either way.
/// </summary>
public sealed class LocalSmtp : IAsyncDisposable
{
    private readonly ConcurrentQueue<MimeMessage> _messages = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly SmtpServer.SmtpServer _server;
    private readonly Task _running;

    private LocalSmtp(int port)
    {
        Port = port;
        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        _server = new SmtpServer.SmtpServer(options, services);
        _running = _server.StartAsync(_stop.Token);
    }

    public int Port { get; }

    public static LocalSmtp Start() => new(FreePort());

    /// <summary>The messages accepted for an address so far.</summary>
    public IReadOnlyList<MimeMessage> To(string address) =>
        [.. _messages.Where(m => m.To.Mailboxes.Any(a => string.Equals(a.Address, address, StringComparison.OrdinalIgnoreCase)))];

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }

    private sealed class Store(LocalSmtp owner) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer,
            CancellationToken cancellationToken)
        {
            if (transaction.To.Any(t => t.User.StartsWith("reject", StringComparison.OrdinalIgnoreCase)))
            {
                return Task.FromResult(SmtpResponse.MailboxUnavailable);
            }
            if (transaction.To.Any(t => t.User.StartsWith("busy", StringComparison.OrdinalIgnoreCase)))
            {
                return Task.FromResult(new SmtpResponse((SmtpReplyCode)451, "Requested action aborted: try again later"));
            }
            using var stream = new MemoryStream(buffer.ToArray());
            owner._messages.Enqueue(MimeMessage.Load(stream, cancellationToken));
            return Task.FromResult(SmtpResponse.Ok);
        }
    }
}
