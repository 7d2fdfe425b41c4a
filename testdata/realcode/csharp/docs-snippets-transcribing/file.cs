// Reduction of AssemblyAI-Community/docs-snippets transcribing/file.cs:
// HttpClient with an anonymous object serialised with System.Text.Json.
using System.Net.Http;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

class Program
{
    private static async Task<Transcript> CreateTranscriptAsync(string audioUrl, HttpClient httpClient)
    {
        var data = new { audio_url = audioUrl };
        var content = new StringContent(JsonSerializer.Serialize(data), Encoding.UTF8, "application/json");
        using (var response = await httpClient.PostAsync("https://api.assemblyai.com/v2/transcript", content)) // want "aai-pii-redaction-missing" "aai-content-safety-missing" "aai-retention-no-deletion"
        {
            response.EnsureSuccessStatusCode();
            return await response.Content.ReadFromJsonAsync<Transcript>();
        }
    }
}
