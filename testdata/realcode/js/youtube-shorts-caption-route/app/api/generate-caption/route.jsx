// Reduction of MukeshKr55/ai-youtube-shorts-generator app/api/generate-caption/route.jsx:
// a Next.js route handler that reads the key from a NEXT_PUBLIC_ variable
// (on the server only) and transcribes with the defaults.
import { AssemblyAI } from "assemblyai";
import { NextResponse } from "next/server";

export async function POST(req) {
  const { audioFileUrl } = await req.json();
  const client = new AssemblyAI({
    apiKey: process.env.NEXT_PUBLIC_ASSEMBLYAI_API_KEY, // want "aai-browser-public-env-key"
  });
  const data = {
    audio: audioFileUrl,
  };
  const transcript = await client.transcripts.transcribe(data); // want "aai-pii-redaction-missing" "aai-content-safety-missing" "aai-retention-no-deletion"
  return NextResponse.json({ result: transcript.words });
}
