// Fixture: HttpClient calls as in AssemblyAI's C# docs.
using System.Net.Http;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

const string Key = "55fd8f2d7b2808ad9a3aea728cb46ead"; // want "aai-hardcoded-key"

using var httpClient = new HttpClient();
httpClient.DefaultRequestHeaders.Add("authorization", Key);

var data = new { audio_url = "https://example.com/a.mp3", speaker_labels = true };
var content = new StringContent(JsonSerializer.Serialize(data), Encoding.UTF8, "application/json");
var response = await httpClient.PostAsync("https://api.assemblyai.com/v2/transcript", content); // want "aai-pii-redaction-missing" "aai-content-safety-missing"

var safe = new Dictionary<string, object>
{
    { "audio_url", "https://example.com/a.mp3" },
    ["redact_pii"] = true,
    ["redact_pii_policies"] = new[] { "person_name" },
    ["content_safety"] = true,
};
await httpClient.PostAsJsonAsync("https://api.assemblyai.com/v2/transcript", safe);

await httpClient.DeleteAsync($"https://api.assemblyai.com/v2/transcript/{response.Headers}");

class Api
{
    private readonly HttpClient _http = new HttpClient { BaseAddress = new Uri("https://api.assemblyai.com/v2/") };

    public Task<HttpResponseMessage> Create(string url) =>
        _http.PostAsJsonAsync("transcript", new { audio_url = url, redact_pii = true, content_safety = true }); // want "aai-pii-policies-missing"

    public Task<HttpResponseMessage> Other(string url) =>
        new HttpClient().PostAsJsonAsync("https://api.example.com/v2/transcript", new { audio_url = url });
}
