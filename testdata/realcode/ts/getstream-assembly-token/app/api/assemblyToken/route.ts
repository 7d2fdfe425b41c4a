// Reduction of GetStream/assemblyai-transcription-llm-assistant
// app/api/assemblyToken/route.ts: issue 13's expires_in=3.6e+09 seen as
// written; the key comes from a NEXT_PUBLIC_ variable read on the server.
import { AssemblyAI } from "assemblyai";

export async function POST() {
  const apiKey = process.env.NEXT_PUBLIC_ASSEMBLYAI_API_KEY; // want "aai-browser-public-env-key"
  if (!apiKey) {
    return Response.error();
  }
  const assemblyClient = new AssemblyAI({ apiKey: apiKey });
  const token = await assemblyClient.realtime.createTemporaryToken({ // want "aai-token-long-expiry"
    expires_in: 3_600_000_000,
  });
  return Response.json({ token });
}
