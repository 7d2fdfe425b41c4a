// Reduction of doradocodes/gradeflow app/api/transcribe/route.js: a params
// object built in the handler, then passed to transcripts.transcribe.
import { AssemblyAI } from "assemblyai";

const client = new AssemblyAI({
  apiKey: process.env.ASSEMBLYAI_API_KEY,
});

export async function POST(req) {
  const body = await req.json();
  const params = {
    audio: body.audioUrl,
    speech_model: "universal",
  };
  const transcript = await client.transcripts.transcribe(params); // want "aai-pii-redaction-missing" "aai-content-safety-missing" "aai-retention-no-deletion"
  return Response.json({ text: transcript.text });
}
