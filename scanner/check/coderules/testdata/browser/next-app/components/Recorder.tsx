"use client";
// Fixture: a client component that takes a key as a prop.
import { StreamingTranscriber } from "assemblyai";

export default function Recorder({ apiKey, token }: { apiKey?: string; token?: string }) {
  const start = () => new StreamingTranscriber({ token: token!, sampleRate: 16_000 }).connect();
  return <button onClick={start}>Record {apiKey ? "" : "(no key)"}</button>;
}
