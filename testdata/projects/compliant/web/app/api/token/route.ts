// Mints a short-lived streaming token for the browser; the API key stays
// on the server.
import { AssemblyAI } from "assemblyai";

const client = new AssemblyAI({ apiKey: process.env.ASSEMBLYAI_API_KEY! });

export async function GET() {
  const token = await client.streaming.createTemporaryToken({ expires_in_seconds: 60 });
  return Response.json({ token });
}
