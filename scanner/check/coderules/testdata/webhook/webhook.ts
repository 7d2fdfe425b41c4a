// Fixture: webhooks on JS SDK and REST requests.
import { AssemblyAI } from "assemblyai";

const client = new AssemblyAI({ apiKey: process.env.ASSEMBLYAI_API_KEY! });
const safe = { redact_pii: true, redact_pii_policies: ["person_name"], content_safety: true };

export async function noAuth(audio: string) {
  return client.transcripts.submit({ ...safe, audio, webhook_url: "https://example.com/hooks/aai" }); // want "aai-webhook-auth-missing"
}

export async function nameOnly(audio: string) {
  return client.transcripts.submit({ ...safe, audio, webhook_url: "https://example.com/h", webhook_auth_header_name: "X-Hook" }); // want "aai-webhook-auth-missing"
}

export async function withAuth(audio: string) {
  const hook = {
    webhook_url: `${process.env.PUBLIC_URL}/api/webhooks/assemblyai`,
    webhook_auth_header_name: "X-Webhook-Secret",
    webhook_auth_header_value: process.env.WEBHOOK_SECRET,
  };
  return client.transcripts.submit({ ...safe, ...hook, audio });
}

export async function plainHttp(audio: string) {
  return client.transcripts.submit({
    ...safe,
    audio,
    webhook_url: "http://hooks.example.com/aai", // want "aai-webhook-insecure-url"
    webhook_auth_header_name: "X-Webhook-Secret",
    webhook_auth_header_value: process.env.WEBHOOK_SECRET,
  });
}

export async function localDev(audio: string) {
  return client.transcripts.submit({ ...safe, audio, webhook_url: "http://localhost:3000/hook", webhook_auth_header_name: "X", webhook_auth_header_value: "y" });
}

export async function rest(audio_url: string) {
  return fetch("https://api.assemblyai.com/v2/transcript", { // want "aai-webhook-auth-missing"
    method: "POST",
    headers: { authorization: process.env.ASSEMBLYAI_API_KEY! },
    body: JSON.stringify({ ...safe, audio_url, webhook_url: "https://example.com/hook" }),
  });
}

export async function noWebhook(audio: string) {
  return client.transcripts.submit({ ...safe, audio, webhook_url: null });
}
