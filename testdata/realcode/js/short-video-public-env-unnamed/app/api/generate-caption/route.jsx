// Reduction of Irshad-Ahmaed/AI-Short-Video-Generator app/api/generate-caption/route.jsx:
// the key from NEXT_PUBLIC_ASSEMBLY_API, a name that does not say key: the
// apiKey sink says what it holds.
import { AssemblyAI } from "assemblyai";
import { NextResponse } from "next/server";

export async function POST(request) {
  const { audioFileUrl } = await request.json();
  const client = new AssemblyAI({
    apiKey: process.env.NEXT_PUBLIC_ASSEMBLY_API, // want "aai-browser-public-env-key"
  });
  const config = {
    audio_url: audioFileUrl,
  };
  const transcript = await client.transcripts.transcribe(config); // want "aai-pii-redaction-missing" "aai-content-safety-missing" "aai-retention-no-deletion"
  return NextResponse.json({ result: transcript.words });
}
