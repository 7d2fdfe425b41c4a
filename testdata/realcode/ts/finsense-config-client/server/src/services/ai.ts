// Reduction of ayushshresth021/FinSense server/src/services/ai.ts: a voice
// note is transcribed through the imported client.
import { assemblyClient } from "../config/assemblyai";

export async function transcribeVoiceNote(audioUrl: string) {
  const transcript = await assemblyClient.transcripts.transcribe({ audio: audioUrl, speech_model: "best" }); // want "aai-pii-redaction-missing" "aai-content-safety-missing" "aai-retention-no-deletion"
  return transcript.text ?? "";
}
