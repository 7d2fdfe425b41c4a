// Reduction of ReaganCart3r/Java_API src/main/java/RestApi.java:
// java.net.http with the body a Gson-serialised POJO whose class lives in
// another file (Transcript.java sets only audio_url).
import com.google.gson.Gson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

public class RestApi {
    public static void main(String[] args) throws Exception {
        String authCode = AuthorizationConfig.getAuthorizationCode();
        Transcript transcript = new Transcript();
        transcript.setAudio_url("https://example.com/20230607_me_canadian_wildfires.mp3");
        String jsonRequest = new Gson().toJson(transcript);
        HttpRequest postRequest = HttpRequest.newBuilder() // want "aai-retention-no-deletion" miss "aai-pii-redaction-missing" "aai-content-safety-missing"
                .uri(new URI("https://api.assemblyai.com/v2/transcript"))
                .header("Authorization", authCode)
                .POST(HttpRequest.BodyPublishers.ofString(jsonRequest))
                .build();
        HttpClient.newHttpClient().send(postRequest, HttpResponse.BodyHandlers.ofString());
    }
}
