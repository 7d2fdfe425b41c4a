// Reduction of khalifarsm/assemblyAI-java-code-snippets
// src/main/java/GettingWebhooksWhenTranscriptionAreDone.java: Unirest with a
// JSON string body that sets webhook_url and no auth header; the key (a
// synthetic one here) in a constant.
import com.mashape.unirest.http.Unirest;

public class GettingWebhooksWhenTranscriptionAreDone {
    private static final String YOUR_API_TOKEN = "cf17dc435f591172ffd5b1b59c4c8928"; // want "assemblyai-api-key"

    public void specifyWebhookURL() throws Exception {
        String responseJson = Unirest // want "aai-pii-redaction-missing" "aai-content-safety-missing" "aai-webhook-auth-missing" "aai-retention-no-deletion"
                .post("https://api.assemblyai.com/v2/transcript")
                .header("authorization", YOUR_API_TOKEN)
                .header("content-type", "application/json")
                .body("{\"audio_url\": \"https://example.com/7510.mp3\"," +
                        " \"webhook_url\": \"https://postb.in/1561597007927-8767862515524\"}")
                .asString()
                .getBody();
        System.out.println(responseJson);
    }
}
