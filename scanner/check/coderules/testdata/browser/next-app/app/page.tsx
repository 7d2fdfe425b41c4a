"use client";
// Fixture: a client component.
import { AssemblyAI } from "assemblyai";

const client = new AssemblyAI({ apiKey: process.env.NEXT_PUBLIC_ASSEMBLYAI_API_KEY! }); // want "aai-browser-api-key" "aai-browser-public-env-key"

export default function Page() {
  const start = async () => {
    const t = client.streaming.transcriber({ sampleRate: 16_000 }); // want "aai-browser-api-key"
    await t.connect();
  };
  const startWithToken = async (token: string) => {
    const t = client.streaming.transcriber({ token, sampleRate: 16_000 });
    await t.connect();
  };
  return <button onClick={start}>Record</button>;
}

// An empty apiKey with a token (keviner1019/MinuteAI-Web's hook): no key ships.
export function useStreaming(token: string) {
  return new AssemblyAI({ apiKey: "" }).streaming.transcriber({ token, sampleRate: 16_000 });
}
