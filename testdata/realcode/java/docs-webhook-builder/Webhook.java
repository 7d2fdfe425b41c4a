// Reduction of the Java tab of AssemblyAI/assemblyai-api-spec
// fern/pages/guides/webhooks.mdx (before a01176be): submit with a webhook
// URL and an auth header, built with the params builder.
import com.assemblyai.api.AssemblyAI;
import com.assemblyai.api.resources.transcripts.types.*;

public final class Webhook {
    public static void main(String... args) {
        AssemblyAI client = AssemblyAI.builder().apiKey(System.getenv("ASSEMBLYAI_API_KEY")).build();
        var params = TranscriptOptionalParams.builder()
                .webhookUrl("https://example.com/webhook")
                .webhookAuthHeaderName("X-My-Webhook-Secret")
                .webhookAuthHeaderValue(System.getenv("WEBHOOK_SECRET"))
                .build();
        client.transcripts().submit("https://assembly.ai/wildfires.mp3", params); // want "aai-pii-redaction-missing" "aai-content-safety-missing" "aai-retention-no-deletion"
    }
}
