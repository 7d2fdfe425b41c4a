// Reduction of gustavomr/audio-transcriber app/api/transcribe/route.ts: the
// route passes the request body through as the parameters; what they hold
// is decided by the client, unknown here.
import { AssemblyAI } from "assemblyai";
import { NextResponse } from "next/server";

export async function POST(req: Request) {
  const apiKey = process.env.ASSEMBLYAI_API_KEY;
  if (!apiKey) {
    return Response.error();
  }
  const body = await req.json();
  const client = new AssemblyAI({ apiKey: apiKey });
  const transcription = await client.transcripts.transcribe(body); // want "aai-retention-no-deletion"
  return NextResponse.json(transcription);
}
