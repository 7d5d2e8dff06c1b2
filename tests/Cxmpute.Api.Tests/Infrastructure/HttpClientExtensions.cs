using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Cxmpute.Api.Tests.Infrastructure;

/// <summary>Sending raw JSON with or without the API key.</summary>
public static class HttpClientExtensions
{
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, string json, string? key = CxmputeApiFactory.ApiKey) =>
        client.SendJsonAsync(HttpMethod.Post, path, json, key);

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, JsonNode json, string? key = CxmputeApiFactory.ApiKey) =>
        client.SendJsonAsync(HttpMethod.Post, path, json.ToJsonString(), key);

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string path, string json, string? key = CxmputeApiFactory.ApiKey) =>
        client.SendJsonAsync(HttpMethod.Put, path, json, key);

    public static async Task<HttpResponseMessage> SendJsonAsync(this HttpClient client, HttpMethod method, string path, string json, string? key)
    {
        using var request = new HttpRequestMessage(method, path)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return await client.SendAsync(request);
    }

    public static async Task<HttpResponseMessage> GetAsync(this HttpClient client, string path, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return await client.SendAsync(request);
    }

    public static MediaTypeHeaderValue? ContentType(this HttpResponseMessage response) => response.Content.Headers.ContentType;
}
