// Fixture: the AssemblyAI .NET SDK (AssemblyAI/assemblyai-csharp-sdk 1.2.2).
using AssemblyAI;
using AssemblyAI.Transcripts;

var client = new AssemblyAIClient(Environment.GetEnvironmentVariable("ASSEMBLYAI_API_KEY")!);
var audio = new Uri("https://example.com/call.mp3");

// Only the audio: the defaults keep PII.
await client.Transcripts.TranscribeAsync(audio); // want "aai-pii-redaction-missing" "aai-content-safety-missing"

// Redaction with policies (a collection expression) and content safety.
await client.Transcripts.TranscribeAsync(audio, new TranscriptOptionalParams
{
    RedactPii = true,
    RedactPiiPolicies = [PiiPolicy.PersonName, PiiPolicy.PhoneNumber],
    ContentSafety = true,
});

// RedactPii = false.
await client.Transcripts.SubmitAsync(audio, new TranscriptOptionalParams { RedactPii = false, ContentSafety = true }); // want "aai-pii-redaction-missing"

// Policies missing.
await client.Transcripts.SubmitAsync(audio, new TranscriptOptionalParams { RedactPii = true, ContentSafety = true }); // want "aai-pii-policies-missing"

// A commented-out property does not count.
var commented = new TranscriptOptionalParams
{
    // RedactPii = true,
    ContentSafety = true,
};
await client.Transcripts.SubmitAsync(audio, commented); // want "aai-pii-redaction-missing"

// Properties set after the object is built; one under a condition.
var later = new TranscriptOptionalParams { ContentSafety = true };
later.RedactPii = true;
later.RedactPiiPolicies = new[] { PiiPolicy.PersonName };
await client.Transcripts.SubmitAsync(audio, later);
var cond = new TranscriptOptionalParams { ContentSafety = true };
if (args.Length > 0)
{
    cond.RedactPii = true;
}
await client.Transcripts.SubmitAsync(audio, cond);

// A redacting call next to a non-redacting one, and `with`.
var plain = later with { RedactPii = false };
await client.Transcripts.SubmitAsync(audio, later);
await client.Transcripts.SubmitAsync(audio, plain); // want "aai-pii-redaction-missing"

// TranscriptParams with the audio inside.
await client.Transcripts.TranscribeAsync(new TranscriptParams { AudioUrl = "https://example.com/a.mp3", SpeakerLabels = true }); // want "aai-pii-redaction-missing" "aai-content-safety-missing"

// Webhooks.
await client.Transcripts.SubmitAsync(new TranscriptParams { AudioUrl = "u", RedactPii = true, RedactPiiPolicies = [PiiPolicy.PersonName], ContentSafety = true, WebhookUrl = "https://example.com/hook" }); // want "aai-webhook-auth-missing"
await client.Transcripts.SubmitAsync(new TranscriptParams
{
    AudioUrl = "u", RedactPii = true, RedactPiiPolicies = [PiiPolicy.PersonName], ContentSafety = true,
    WebhookUrl = "https://example.com/hook", WebhookAuthHeaderName = "X-Hook", WebhookAuthHeaderValue = Environment.GetEnvironmentVariable("HOOK_SECRET"),
});

// Retention.
await client.Transcripts.DeleteAsync("abc");

class Service
{
    private readonly AssemblyAIClient _client = new(new ClientOptions { ApiKey = Environment.GetEnvironmentVariable("ASSEMBLYAI_API_KEY")! });

    // A helper called once with and once without redaction.
    public Task<Transcript> Run(Uri url, TranscriptOptionalParams options)
    {
        return _client.Transcripts.TranscribeAsync(url, options); // want "aai-pii-redaction-missing"
    }

    public async Task Callers(Uri u)
    {
        await Run(u, new TranscriptOptionalParams { RedactPii = true, RedactPiiPolicies = [PiiPolicy.PersonName], ContentSafety = true });
        await Run(u, new TranscriptOptionalParams { ContentSafety = true });
    }

    // Parameters the file cannot show are not judged.
    public Task<Transcript> Unknown(Uri url, TranscriptOptionalParams p) => _client.Transcripts.TranscribeAsync(url, p);
}
