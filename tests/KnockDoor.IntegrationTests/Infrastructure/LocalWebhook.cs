using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace KnockDoor.IntegrationTests.Infrastructure;

/// <summary>
/// An HTTP listener on 127.0.0.1 standing in for the DingTalk and WeCom group robots: it keeps every request and answers
/// {"errcode":0} unless a test queued another answer for a path (e.g. HTTP 500, or errcode ≠ 0).
/// </summary>
public sealed class LocalWebhook : IAsyncDisposable
{
    public sealed record Request(string Path, string Query, string Body);

    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<Request> _requests = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(int Status, string Body)>> _answers = new();
    private readonly Task _running;

    private LocalWebhook(int port)
    {
        Root = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(Root);
        _listener.Start();
        _running = Task.Run(ServeAsync);
    }

    public string Root { get; }

    public static LocalWebhook Start() => new(LocalSmtp.FreePort());

    public IReadOnlyList<Request> Requests => [.. _requests];

    /// <summary>The next request to the path gets this answer (then the default again).</summary>
    public void AnswerNext(string path, int status, string body) =>
        _answers.GetOrAdd(path, _ => new()).Enqueue((status, body));

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var path = context.Request.Url!.AbsolutePath;
            _requests.Enqueue(new Request(path, context.Request.Url.Query, body));
            var (status, answer) = _answers.TryGetValue(path, out var queue) && queue.TryDequeue(out var next)
                ? next
                : (200, "{\"errcode\":0,\"errmsg\":\"ok\"}");
            var bytes = Encoding.UTF8.GetBytes(answer);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _running;
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
        {
        }
    }
}
