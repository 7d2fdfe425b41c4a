// Fixture: hand-written REST calls (java.net.http, OkHttp, Unirest).
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.HashMap;
import java.util.Map;
import okhttp3.*;

public class Rest {
    static final String KEY = "cf17dc435f591172ffd5b1b59c4c8928"; // want "aai-hardcoded-key"
    static final String API = "https://api.assemblyai.com/v2";

    void run(String id) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String json = "{\"audio_url\": \"https://example.com/a.mp3\"}";
        HttpRequest req = HttpRequest.newBuilder() // want "aai-pii-redaction-missing" "aai-content-safety-missing"
                .uri(URI.create(API + "/transcript"))
                .header("Authorization", KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        http.send(req, null);

        Map<String, Object> body = new HashMap<>();
        body.put("audio_url", "https://example.com/a.mp3");
        body.put("redact_pii", true);
        body.put("redact_pii_policies", new String[] {"person_name"});
        body.put("content_safety", true);
        HttpRequest ok = HttpRequest.newBuilder().uri(URI.create(API + "/transcript"))
                .header("Authorization", System.getenv("ASSEMBLYAI_API_KEY"))
                .POST(HttpRequest.BodyPublishers.ofString(new com.google.gson.Gson().toJson(body))).build();

        HttpRequest del = HttpRequest.newBuilder().uri(URI.create(API + "/transcript/" + id)).DELETE().build();

        OkHttpClient client = new OkHttpClient();
        Request r = new Request.Builder() // want "aai-pii-redaction-missing"
                .url("https://api.assemblyai.com/v2/transcript")
                .post(RequestBody.create("{\"audio_url\": \"u\", \"content_safety\": true}", MediaType.parse("application/json")))
                .build();
        client.newCall(r).execute();

        kong.unirest.Unirest.post("https://api.example.com/v2/transcript").body("{}").asString();
    }
}
