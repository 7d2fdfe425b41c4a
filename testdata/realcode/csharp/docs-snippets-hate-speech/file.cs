// Reduction of AssemblyAI-Community/docs-snippets hate-speech/file.cs: a
// Dictionary body with content_safety, serialised with Json.NET.
using System.Collections.Generic;
using System.Net.Http;
using System.Text;
using Newtonsoft.Json;

public class TranscriptFetcher
{
    public async Task<dynamic> GetTranscriptAsync(string apiToken, string audioUrl)
    {
        string url = "https://api.assemblyai.com/v2/transcript";
        var data = new Dictionary<string, dynamic>()
        {
            { "audio_url", audioUrl },
            { "content_safety", true }
        };
        using (var client = new HttpClient())
        {
            client.DefaultRequestHeaders.Add("authorization", apiToken);
            var content = new StringContent(JsonConvert.SerializeObject(data), Encoding.UTF8, "application/json");
            HttpResponseMessage response = await client.PostAsync(url, content); // want "aai-pii-redaction-missing" "aai-retention-no-deletion"
            return JsonConvert.DeserializeObject<dynamic>(await response.Content.ReadAsStringAsync());
        }
    }
}
