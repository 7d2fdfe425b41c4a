// Reduction of AssemblyAI/assemblyai-java-sdk
// sample-app/src/main/java/sample/App.java: the SDK's sample app asks for
// sentiment analysis only.
package sample;

import com.assemblyai.api.AssemblyAI;
import com.assemblyai.api.resources.transcripts.types.*;

public final class App {
    public static void main(String... args) throws Exception {
        AssemblyAI client = AssemblyAI.builder()
                .apiKey(System.getenv("ASSEMBLYAI_API_KEY"))
                .build();
        Transcript transcript = client.transcripts().transcribe( // want "aai-pii-redaction-missing" "aai-content-safety-missing" "aai-retention-no-deletion"
                "https://assembly.ai/nbc.mp3",
                TranscriptOptionalParams.builder()
                        .sentimentAnalysis(true)
                        .build()
        );
        transcript = client.transcripts().waitUntilReady(transcript.getId());
    }
}
