// Fixture: src/ of a Vite app is browser code.
import { AssemblyAI, StreamingTranscriber } from "assemblyai";

export function startWithKey() {
  const t = new StreamingTranscriber({ apiKey: import.meta.env.VITE_ASSEMBLYAI_API_KEY, sampleRate: 16_000 }); // want "aai-browser-api-key" "aai-browser-public-env-key"
  return t.connect();
}

export async function startWithToken() {
  const { token } = await (await fetch("/api/token")).json();
  const t = new StreamingTranscriber({ token, sampleRate: 16_000 });
  return t.connect();
}

export async function restFromBrowser(audio_url: string, key: string) {
  return fetch("https://api.assemblyai.com/v2/transcript", { // want "aai-browser-api-key"
    method: "POST",
    headers: { authorization: key },
    body: JSON.stringify({ audio_url, redact_pii: true, redact_pii_policies: ["person_name"], content_safety: true }),
  });
}

export function clientFromOtherName() {
  return new AssemblyAI({ apiKey: import.meta.env.VITE_KEY }); // want "aai-browser-api-key" "aai-browser-public-env-key"
}
