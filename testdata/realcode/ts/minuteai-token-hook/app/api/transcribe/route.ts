// Reduction of keviner1019/MinuteAI-Web app/api/transcribe/route.ts: a note's
// audio transcribed through the default-exported client, with speaker labels
// and no redaction.
import client from "../../../lib/assemblyai/config";

export async function POST(req: Request) {
  const { audioUrl } = await req.json();
  const transcript = await client.transcripts.transcribe({ // want "aai-pii-redaction-missing" "aai-content-safety-missing" "aai-retention-no-deletion"
    audio: audioUrl,
    speech_model: "universal",
    language_detection: true,
    speaker_labels: true,
  });
  return Response.json({ id: transcript.id, text: transcript.text });
}
