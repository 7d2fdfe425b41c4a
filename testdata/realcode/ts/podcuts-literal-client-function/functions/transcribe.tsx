// Reduction of BigBoa19/PodCuts functions/transcribe.tsx: a client with a
// pasted key (synthetic here) and module-level params.
import { AssemblyAI } from "assemblyai";

const client = new AssemblyAI({
  apiKey: "14ab70f698286cf5d607a9c822cd7322", // want "assemblyai-api-key"
});

const data = {
  audio_url: "https://storage.googleapis.com/aai-web-samples/5_common_sports_injuries.mp3",
};

export const getTranscript = async () => {
  const transcript = await client.transcripts.transcribe(data); // want "aai-pii-redaction-missing" "aai-content-safety-missing" "aai-retention-no-deletion"
  return transcript.text;
};
