// Reduction of keviner1019/MinuteAI-Web hooks/useTranscription.ts: a React hook
// that fetches a temporary token and builds the streaming transcriber from an
// SDK client with an empty apiKey (no key ships to the browser).
import { useRef } from "react";
import { AssemblyAI } from "assemblyai";

export function useTranscription() {
  const transcriber = useRef<any>(null);
  const start = async () => {
    const response = await fetch("/api/assemblyai/token");
    const { token } = await response.json();
    const rt = new AssemblyAI({ apiKey: "" }).streaming.transcriber({
      token: token,
      sampleRate: 16_000,
      formatTurns: true,
      speechModel: "universal-streaming-multilingual",
    });
    transcriber.current = rt;
    await rt.connect();
  };
  return { start };
}
