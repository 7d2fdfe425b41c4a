// Reduction of AssemblyAI-Community/docs-snippets pii/file.cs, which does
// not compile: a comma is missing after the first dictionary entry. The
// parser recovers; the redaction entries are still read.
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
            { "audio_url", audioUrl }
            { "redact_pii", true },
            { "redact_pii_policies", new string[] { "us_social_security_number", "credit_card_number" } }
        };
        using (var client = new HttpClient())
        {
            client.DefaultRequestHeaders.Add("authorization", apiToken);
            var content = new StringContent(JsonConvert.SerializeObject(data), Encoding.UTF8, "application/json");
            HttpResponseMessage response = await client.PostAsync(url, content); // want "aai-retention-no-deletion" miss "aai-content-safety-missing"
            return JsonConvert.DeserializeObject<dynamic>(await response.Content.ReadAsStringAsync());
        }
    }
}
