using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using KnockDoor.Core.Accounts;
using KnockDoor.Web.Auth;

namespace KnockDoor.Web.Features.Sync;

/// <summary>
/// The sync position handed to the phone: campaign, account, a fingerprint of the account's scope and role, and the
/// server time the answer was read at. Opaque to the client (base64url), not secret: a forged token can only name
/// the caller's own data (another account's or campaign's token, or another scope, means a full sync).
/// </summary>
public sealed record SyncToken(Guid CampaignId, Guid UserId, string Scope, DateTimeOffset At)
{
    private const string Prefix = "s1";

    public static string ScopeOf(CurrentUser user) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{user.CountyCode}|{user.OrgPath}|{Roles.Key(user.Role)}")))[..12];

    public static SyncToken For(CurrentUser user, Guid campaignId, DateTimeOffset at) => new(campaignId, user.Id, ScopeOf(user), at);

    public string Encode()
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{Prefix}.{CampaignId:N}.{UserId:N}.{Scope}.{At.ToUnixTimeMilliseconds()}");
        return Base64Url.EncodeToString(Encoding.ASCII.GetBytes(text));
    }

    /// <summary>The token, or null when it is not one of ours.</summary>
    public static SyncToken? Decode(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 200)
        {
            return null;
        }
        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(token.Trim());
        }
        catch (FormatException)
        {
            return null;
        }
        var parts = Encoding.ASCII.GetString(bytes).Split('.');
        if (parts.Length != 5 || parts[0] != Prefix
            || !Guid.TryParseExact(parts[1], "N", out var campaign)
            || !Guid.TryParseExact(parts[2], "N", out var user)
            || !long.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            || ms > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            return null;
        }
        return new SyncToken(campaign, user, parts[3], DateTimeOffset.FromUnixTimeMilliseconds(ms));
    }
}
