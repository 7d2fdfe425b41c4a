// Reduction of AssemblyAI/assemblyai-csharp-sdk README.md ("Transcribe a
// local audio file"): a FileInfo and a stream, each with optional params.
using AssemblyAI;
using AssemblyAI.Transcripts;

var client = new AssemblyAIClient(Environment.GetEnvironmentVariable("ASSEMBLYAI_API_KEY")!);

var transcript = await client.Transcripts.TranscribeAsync( // want "aai-pii-redaction-missing" "aai-content-safety-missing" "aai-retention-no-deletion"
    new FileInfo("./news.mp4"),
    new TranscriptOptionalParams
    {
        LanguageCode = TranscriptLanguageCode.EnUs
    }
);

await using var stream = new FileStream("./news.mp4", FileMode.Open);
transcript = await client.Transcripts.TranscribeAsync( // want "aai-pii-redaction-missing"
    stream,
    new TranscriptOptionalParams
    {
        LanguageCode = TranscriptLanguageCode.EnUs
    }
);
