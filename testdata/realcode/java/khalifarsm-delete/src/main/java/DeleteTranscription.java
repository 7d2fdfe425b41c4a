// Reduction of khalifarsm/assemblyAI-java-code-snippets
// src/main/java/DeleteTranscription.java: DELETE /v2/transcript/{id} with
// Unirest; the key (a synthetic one here) in a constant.
import com.mashape.unirest.http.Unirest;

public class DeleteTranscription {
    private static final String YOUR_API_TOKEN = "d5b359914ab3e89e1da926e8635d5956"; // want "assemblyai-api-key"

    public void delete(String id) throws Exception {
        Unirest.delete("https://api.assemblyai.com/v2/transcript/" + id)
                .header("authorization", YOUR_API_TOKEN)
                .asString()
                .getBody();
    }
}
