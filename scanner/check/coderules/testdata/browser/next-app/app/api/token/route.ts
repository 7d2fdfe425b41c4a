// Fixture: route handlers.
import { AssemblyAI } from "assemblyai";

const key = process.env.ASSEMBLYAI_API_KEY!;
const client = new AssemblyAI({ apiKey: key });

export async function GET() {
  return Response.json({ apiKey: key }); // want "aai-browser-key-returned"
}

export async function POST() {
  const token = await client.streaming.createTemporaryToken({ expires_in_seconds: 300 });
  return Response.json({ token });
}

// Whether the key is configured is not the key.
export async function HEAD() {
  return Response.json({ configured: key.length > 0, set: !!key, kind: typeof key });
}
