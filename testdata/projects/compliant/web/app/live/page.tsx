"use client";

import { StreamingTranscriber } from "assemblyai";

// Live captions: the browser streams with a temporary token from
// /api/token, never with the API key.
export default function Live() {
  async function start() {
    const { token } = await (await fetch("/api/token")).json();
    const transcriber = new StreamingTranscriber({ token, sampleRate: 16_000 });
    transcriber.on("turn", (turn) => console.log(turn.transcript));
    await transcriber.connect();
  }
  return <button onClick={start}>Start live captions</button>;
}
