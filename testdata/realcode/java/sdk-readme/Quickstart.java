// Reduction of AssemblyAI/assemblyai-java-sdk README.md ("Transcribe an
// audio file"): the key placeholder and a transcript with the defaults.
import com.assemblyai.api.AssemblyAI;
import com.assemblyai.api.resources.transcripts.types.Transcript;

public class Quickstart {
    public static void main(String[] args) {
        AssemblyAI aai = AssemblyAI.builder()
                .apiKey("YOUR_API_KEY")
                .build();
        String audioUrl = "https://assembly.ai/espn.m4a";
        Transcript transcript = aai.transcripts().transcribe(audioUrl); // want "aai-pii-redaction-missing" "aai-content-safety-missing" "aai-retention-no-deletion"
        System.out.println(transcript.getText());
    }
}
