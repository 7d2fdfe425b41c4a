import { StreamingTranscriber } from "assemblyai";

// Streams from the browser with the API key itself.
export async function start() {
  const transcriber = new StreamingTranscriber({
    apiKey: import.meta.env.VITE_ASSEMBLYAI_API_KEY,
    sampleRate: 16_000,
  });
  await transcriber.connect();
}
