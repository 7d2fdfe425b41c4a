// Reduction of the C# tab of AssemblyAI/assemblyai-api-spec
// fern/pages/guides/webhooks.mdx (before a01176be): the three Webhook*
// properties on TranscriptParams.
using AssemblyAI;
using AssemblyAI.Transcripts;

var client = new AssemblyAIClient(Environment.GetEnvironmentVariable("ASSEMBLYAI_API_KEY")!);
var transcript = await client.Transcripts.SubmitAsync(new TranscriptParams // want "aai-pii-redaction-missing" "aai-content-safety-missing" "aai-retention-no-deletion"
{
    AudioUrl = "https://assembly.ai/wildfires.mp3",
    WebhookUrl = "https://example.com/webhook",
    WebhookAuthHeaderName = "X-My-Webhook-Secret",
    WebhookAuthHeaderValue = Environment.GetEnvironmentVariable("WEBHOOK_SECRET")
});
