using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using KnockDoor.Core.Deliveries;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace KnockDoor.Web.Features.Deliveries;

/// <summary>A delivery that could not be sent: the message is the Chinese reason shown on the page (never a password, key or address of a robot).</summary>
public sealed class DeliveryFailedException(string message, Exception? inner = null, bool permanent = false) : Exception(message, inner)
{
    /// <summary>Waiting will not help (no server configured, an address that is not one, a mailbox the server refuses for
    /// good): the delivery fails at once, for the office to see and mend, instead of being tried for hours.</summary>
    public bool Permanent { get; } = permanent;
}

/// <summary>Sends e-mails through the configured SMTP server with MailKit (UTF-8 subject and body, an optional attachment).</summary>
public sealed class MailSender(IOptionsMonitor<MailOptions> options)
{
    public const string NotConfigured = "未配置邮件服务器（Mail:Host、Mail:From）";

    public async Task SendAsync(Delivery delivery, CancellationToken ct)
    {
        var settings = options.CurrentValue;
        if (!settings.IsConfigured)
        {
            throw new DeliveryFailedException(NotConfigured, permanent: true);
        }
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(settings.FromName ?? "", settings.From!));
        if (!MailboxAddress.TryParse(delivery.Recipient, out var to))
        {
            throw new DeliveryFailedException("收件人邮箱地址无效", permanent: true);
        }
        message.To.Add(to);
        message.Subject = delivery.Subject;
        var body = new BodyBuilder { TextBody = delivery.Body };
        if (delivery.Attachment is { } bytes)
        {
            body.Attachments.Add(delivery.AttachmentName ?? "附件", bytes,
                ContentType.Parse(delivery.AttachmentContentType ?? "application/octet-stream"));
        }
        message.Body = body.ToMessageBody();

        using var client = new SmtpClient { Timeout = Math.Max(1, settings.TimeoutSeconds) * 1000 };
        try
        {
            var security = settings.Security switch
            {
                MailSecurity.None => SecureSocketOptions.None,
                MailSecurity.StartTls => SecureSocketOptions.StartTls,
                MailSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
            };
            await client.ConnectAsync(settings.Host!, settings.Port, security, ct);
            if (!string.IsNullOrEmpty(settings.UserName))
            {
                await client.AuthenticateAsync(settings.UserName, settings.Password ?? "", ct);
            }
            await client.SendAsync(message, ct);
            await client.DisconnectAsync(true, ct);
        }
        catch (AuthenticationException e)
        {
            throw new DeliveryFailedException("邮件服务器拒绝了用户名或密码", e);
        }
        catch (SmtpCommandException e) when ((int)e.StatusCode >= 500 && e.ErrorCode != SmtpErrorCode.UnexpectedStatusCode)
        {
            // A 5xx reply to the sender, the recipient or the message is the server's final word (RFC 5321 §4.2.1);
            // a 4xx one (busy, greylisting) is tried again below.
            throw new DeliveryFailedException($"邮件被服务器拒收（{(int)e.StatusCode}）：" + Short(e.Message), e, permanent: true);
        }
        catch (Exception e) when (e is SmtpCommandException or SmtpProtocolException or IOException or System.Net.Sockets.SocketException
            or SslHandshakeException or TimeoutException)
        {
            throw new DeliveryFailedException("邮件发送失败：" + Short(e.Message), e);
        }
    }

    private static string Short(string value) => value.Length <= 300 ? value : value[..300];
}

/// <summary>
/// Posts markdown messages to the office's DingTalk (钉钉) and WeCom (企业微信) group robots. A reply other than HTTP 2xx
/// with <c>errcode</c> 0 is a failure. Its own HttpClient, not the factory's: the factory logs request addresses, and a
/// robot's address holds its key.
/// </summary>
public sealed class RobotSender(IOptionsMonitor<ReportJobOptions> options, TimeProvider clock) : IDisposable
{
    public const string DingTalkRecipient = "dingtalk";
    public const string WeComRecipient = "wecom";

    /// <summary>Chinese as it is (not \uXXXX): a third of the bytes.</summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly HttpClient http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>The robots configured now, as delivery channels.</summary>
    public IReadOnlyList<DeliveryChannel> Configured()
    {
        var hooks = options.CurrentValue.Webhooks;
        var list = new List<DeliveryChannel>();
        if (hooks.DingTalk.IsConfigured)
        {
            list.Add(DeliveryChannel.DingTalk);
        }
        if (hooks.WeCom.IsConfigured)
        {
            list.Add(DeliveryChannel.WeCom);
        }
        return list;
    }

    public async Task SendAsync(Delivery delivery, CancellationToken ct)
    {
        var hooks = options.CurrentValue.Webhooks;
        var text = $"### {delivery.Subject}\n\n{delivery.Body}";
        Uri address;
        object payload;
        switch (delivery.Channel)
        {
            case DeliveryChannel.DingTalk:
                if (!hooks.DingTalk.IsConfigured)
                {
                    throw new DeliveryFailedException("未配置钉钉群机器人（Reports:Webhooks:DingTalk:Url）");
                }
                address = DingTalkAddress(hooks.DingTalk.Url!, hooks.DingTalk.Secret, clock.GetUtcNow());
                payload = new { msgtype = "markdown", markdown = new { title = delivery.Subject, text } };
                break;
            case DeliveryChannel.WeCom:
                if (!hooks.WeCom.IsConfigured)
                {
                    throw new DeliveryFailedException("未配置企业微信群机器人（Reports:Webhooks:WeCom:Url）");
                }
                address = new Uri(hooks.WeCom.Url!);
                // WeCom's markdown content is limited to 4096 bytes.
                payload = new { msgtype = "markdown", markdown = new { content = Utf8Prefix(text, 4000) } };
                break;
            default:
                throw new DeliveryFailedException("不是群机器人消息");
        }

        HttpResponseMessage response;
        try
        {
            response = await http.PostAsJsonAsync(address, payload, Json, ct);
        }
        catch (HttpRequestException e)
        {
            // The message of HttpRequestException names the host and port, never the query with the key.
            throw new DeliveryFailedException("群机器人连接失败：" + e.Message, e);
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new DeliveryFailedException("群机器人无响应（超时）", e);
        }
        using (response)
        {
            var reply = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
            {
                throw new DeliveryFailedException($"群机器人返回 HTTP {(int)response.StatusCode}");
            }
            var (code, message) = ErrCode(reply);
            if (code != 0)
            {
                throw new DeliveryFailedException($"群机器人返回错误 errcode={code.ToString(CultureInfo.InvariantCulture)}：{message}");
            }
        }
    }

    /// <summary>The robot's address with DingTalk's signature: timestamp (ms) and sign = Base64(HMAC-SHA256(secret, "timestamp\nsecret")), URL-encoded.</summary>
    public static Uri DingTalkAddress(string url, string? secret, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return new Uri(url);
        }
        var timestamp = now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var sign = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "\n" + secret)));
        var separator = url.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        return new Uri($"{url}{separator}timestamp={timestamp}&sign={Uri.EscapeDataString(sign)}");
    }

    private static (long Code, string Message) ErrCode(string reply)
    {
        try
        {
            using var json = JsonDocument.Parse(reply);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("errcode", out var code) || !code.TryGetInt64(out var value))
            {
                return (-1, "回复中没有 errcode");
            }
            var message = root.TryGetProperty("errmsg", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() ?? "" : "";
            return (value, message.Length <= 200 ? message : message[..200]);
        }
        catch (JsonException)
        {
            return (-1, "回复不是 JSON");
        }
    }

    private static string Utf8Prefix(string value, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(value) <= maxBytes)
        {
            return value;
        }
        var bytes = 0;
        var end = 0;
        while (end < value.Length)
        {
            var n = char.IsSurrogatePair(value, end) ? 2 : 1;
            var b = Encoding.UTF8.GetByteCount(value.AsSpan(end, n));
            if (bytes + b > maxBytes - 3)
            {
                break;
            }
            bytes += b;
            end += n;
        }
        return value[..end] + "…";
    }

    public void Dispose() => http.Dispose();
}
