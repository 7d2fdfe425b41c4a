// Reduction of shailedrathakur300/short-creation-ai src/app/api/generate-caption/route.tsx:
// the SDK quick start inside a route handler, run from a nested function.
import { AssemblyAI } from "assemblyai";

export async function POST(request: Request) {
  const client = new AssemblyAI({
    apiKey: process.env.ASSEMBLY_AI_CAPTION_API_KEY!,
  });
  const FILE_URL = "https://assembly.ai/sports_injuries.mp3";
  const data = {
    audio: FILE_URL,
  };
  const run = async () => {
    const transcript = await client.transcripts.transcribe(data); // want "aai-pii-redaction-missing" "aai-content-safety-missing" "aai-retention-no-deletion"
    console.log(transcript.text);
  };
  run();
}
