// Fixture: a server component (no "use client"): the key stays on the server.
import { AssemblyAI } from "assemblyai";

const client = new AssemblyAI({ apiKey: process.env.ASSEMBLYAI_API_KEY! });

export default async function Transcripts() {
  const list = await client.transcripts.list();
  return <ul>{list.transcripts.map((t) => <li key={t.id}>{t.id}</li>)}</ul>;
}
