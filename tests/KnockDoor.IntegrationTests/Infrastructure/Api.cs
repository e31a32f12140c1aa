using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace KnockDoor.IntegrationTests.Infrastructure;

/// <summary>Small helpers to call the API and read its JSON and ProblemDetails.</summary>
public static class Api
{
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (string.IsNullOrWhiteSpace(body))
        {
            throw new InvalidOperationException($"Expected JSON, got an empty {(int)response.StatusCode} response.");
        }
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.Clone();
    }

    /// <summary>Asserts the status and returns the JSON body, showing the body when the status differs.</summary>
    public static async Task<JsonElement> ExpectAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status} {status}, got {(int)response.StatusCode} {response.StatusCode}: {body}");
        if (string.IsNullOrWhiteSpace(body))
        {
            return default;
        }
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.Clone();
    }

    /// <summary>Asserts a ProblemDetails response with the given status and code; returns it.</summary>
    public static async Task<JsonElement> ExpectProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var problem = await response.ExpectAsync(status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, problem.GetProperty("code").GetString());
        return problem;
    }

    public static string Str(this JsonElement element, string property) =>
        element.GetProperty(property).GetString() ?? throw new InvalidOperationException($"{property} is null");

    public static async Task<JsonElement> CreateTargetAsync(this HttpClient client, Dictionary<string, object?> target)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/targets", target);
        return await response.ExpectAsync(HttpStatusCode.Created);
    }

    /// <summary>The registry page for a search, as the caller sees it.</summary>
    public static async Task<JsonElement> SearchTargetsAsync(this HttpClient client, string q)
    {
        using var response = await client.GetAsync("/api/v1/targets?pageSize=500&q=" + Uri.EscapeDataString(q));
        return await response.ExpectAsync(HttpStatusCode.OK);
    }

    public static async Task<List<JsonElement>> AuditAsync(this HttpClient admin, string entityId, string? action = null)
    {
        var url = "/api/v1/audit?take=1000&entityId=" + Uri.EscapeDataString(entityId) + (action is null ? "" : "&action=" + Uri.EscapeDataString(action));
        using var response = await admin.GetAsync(url);
        var rows = await response.ExpectAsync(HttpStatusCode.OK);
        return [.. rows.EnumerateArray()];
    }
}
