// Reduction of the Java tab of AssemblyAI/assemblyai-api-spec
// fern/pages/05-guides/sdks/java/java-audio-intelligence.mdx (before
// d1d55ca4): PII redaction with policies and a substitution.
import com.assemblyai.api.AssemblyAI;
import com.assemblyai.api.resources.transcripts.types.*;
import java.util.List;

public final class PiiRedaction {
    public static void main(String... args) {
        AssemblyAI client = AssemblyAI.builder().apiKey(System.getenv("ASSEMBLYAI_API_KEY")).build();
        var params = TranscriptOptionalParams.builder()
                .redactPii(true)
                .redactPiiPolicies(List.of(PiiPolicy.PERSON_NAME, PiiPolicy.PHONE_NUMBER))
                .redactPiiSub(SubstitutionPolicy.HASH)
                .build();
        Transcript transcript = client.transcripts().transcribe("https://assembly.ai/wildfires.mp3", params); // want "aai-content-safety-missing" "aai-retention-no-deletion"
        System.out.println(transcript.getText());
    }
}
