// Reduction of AssemblyAI/assemblyai-csharp-sdk README.md ("Transcribe an
// audio file", "Enable additional AI models", "Delete a transcript").
using AssemblyAI;
using AssemblyAI.Transcripts;

var client = new AssemblyAIClient(Environment.GetEnvironmentVariable("ASSEMBLYAI_API_KEY")!);

var transcript = await client.Transcripts.TranscribeAsync(new TranscriptParams // want "aai-pii-redaction-missing" "aai-content-safety-missing"
{
    AudioUrl = "https://assembly.ai/espn.m4a",
    LanguageCode = TranscriptLanguageCode.EnUs
});

transcript = await client.Transcripts.TranscribeAsync(new TranscriptParams // want "aai-pii-redaction-missing"
{
    AudioUrl = "https://assembly.ai/espn.m4a",
    SpeakerLabels = true
});

await client.Transcripts.DeleteAsync(transcript.Id);
