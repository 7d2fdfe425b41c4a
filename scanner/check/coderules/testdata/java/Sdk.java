// Fixture: the AssemblyAI Java SDK (AssemblyAI/assemblyai-java-sdk 4.0.1).
import com.assemblyai.api.AssemblyAI;
import com.assemblyai.api.resources.transcripts.types.*;
import java.util.List;

public class Sdk {
    private static final String URL = "https://example.com/call.mp3";
    private final AssemblyAI client = AssemblyAI.builder().apiKey(System.getenv("ASSEMBLYAI_API_KEY")).build();
    private final TranscriptOptionalParams safe;

    Sdk() {
        this.safe = TranscriptOptionalParams.builder()
                .redactPii(true)
                .redactPiiPolicies(List.of(PiiPolicy.PERSON_NAME, PiiPolicy.PHONE_NUMBER))
                .contentSafety(true)
                .build();
    }

    void run(boolean sensitive) {
        // Only the audio: the defaults keep PII.
        client.transcripts().transcribe(URL); // want "aai-pii-redaction-missing" "aai-content-safety-missing"

        // Redaction with policies, from a field assigned in the constructor.
        client.transcripts().transcribe(URL, safe);

        // A redacting call next to a non-redacting one.
        var plain = TranscriptOptionalParams.builder().contentSafety(true).build();
        client.transcripts().submit(URL, safe);
        client.transcripts().submit(URL, plain); // want "aai-pii-redaction-missing"

        // redactPii(false) and redactPii(true) without policies.
        client.transcripts().transcribe(URL, TranscriptOptionalParams.builder().redactPii(false).contentSafety(true).build()); // want "aai-pii-redaction-missing"
        client.transcripts().transcribe(URL, TranscriptOptionalParams.builder().redactPii(true).contentSafety(true).build()); // want "aai-pii-policies-missing"

        // A commented-out setter does not count.
        TranscriptOptionalParams commented = TranscriptOptionalParams.builder()
                // .redactPii(true)
                .contentSafety(true)
                .build();
        client.transcripts().submit(URL, commented); // want "aai-pii-redaction-missing"

        // A builder completed by statements; one of them conditional.
        var b = TranscriptOptionalParams.builder().contentSafety(true);
        if (sensitive) {
            b.redactPii(true);
        }
        client.transcripts().submit(URL, b.build());

        // TranscriptParams with the audio inside.
        var full = TranscriptParams.builder().audioUrl(URL).redactPii(true).contentSafety(true).build();
        client.transcripts().submit(full); // want "aai-pii-policies-missing"

        // Webhooks.
        client.transcripts().submit(URL, TranscriptOptionalParams.builder().redactPii(true).redactPiiPolicies(List.of(PiiPolicy.PERSON_NAME)).contentSafety(true).webhookUrl("https://example.com/hook").build()); // want "aai-webhook-auth-missing"
        client.transcripts().submit(URL, TranscriptOptionalParams.builder().redactPii(true).redactPiiPolicies(List.of(PiiPolicy.PERSON_NAME)).contentSafety(true)
                .webhookUrl("https://example.com/hook").webhookAuthHeaderName("X-Hook").webhookAuthHeaderValue(System.getenv("HOOK_SECRET")).build());

        // Retention.
        client.transcripts().delete("abc");
    }

    // A helper called once with and once without redaction.
    Transcript submit(TranscriptOptionalParams params) {
        return client.transcripts().submit(URL, params); // want "aai-pii-redaction-missing"
    }

    void callers() {
        submit(safe);
        submit(TranscriptOptionalParams.builder().contentSafety(true).build());
    }

    // Parameters the file cannot show are not judged.
    Transcript unknown(TranscriptOptionalParams p) {
        return client.transcripts().transcribe(URL, p);
    }
}
