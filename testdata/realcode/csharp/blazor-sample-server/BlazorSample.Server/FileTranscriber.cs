// Reduction of AssemblyAI/assemblyai-csharp-sdk
// Samples/BlazorSample/BlazorSample.Server (Program.cs registers the client
// from configuration; the file transcriber uploads a stream and
// transcribes it with speaker labels).
using AssemblyAI;
using AssemblyAI.Transcripts;

public class FileTranscriber(AssemblyAIClient client)
{
    public async Task<Transcript> TranscribeAsync(Stream audio)
    {
        var file = await client.Files.UploadAsync(audio);
        return await client.Transcripts.TranscribeAsync(file, new TranscriptOptionalParams { SpeakerLabels = true }); // want "aai-pii-redaction-missing" "aai-content-safety-missing" "aai-retention-no-deletion"
    }
}
