// Fixture: JS SDK transcription requests (ESM). Each `want "rule"` names a
// finding expected on its line; lines without one expect none.
import { AssemblyAI, type TranscribeParams } from "assemblyai";

const client = new AssemblyAI({ apiKey: process.env.ASSEMBLYAI_API_KEY! });

export async function bare(url: string) {
  // no parameters beyond the audio
  return client.transcripts.transcribe({ audio: url }); // want "aai-pii-redaction-missing" "aai-content-safety-missing"
}

export async function variable(url: string) {
  const params: TranscribeParams = {
    audio: url,
    // redact_pii: true,  (commented out: does not count)
    content_safety: true,
  };
  return client.transcripts.transcribe(params); // want "aai-pii-redaction-missing"
}

const base = { redact_pii: true, redact_pii_policies: ["person_name", "phone_number"], content_safety: true };

export async function spread(url: string) {
  const params = { ...base, audio: url, speaker_labels: true };
  return client.transcripts.submit(params);
}

export async function spreadOverridden(url: string) {
  return client.transcripts.submit({ ...base, audio: url, redact_pii: false }); // want "aai-pii-redaction-missing"
}

export async function noPolicies(url: string) {
  return client.transcripts.transcribe({ audio: url, redact_pii: true, content_safety: true }); // want "aai-pii-policies-missing"
}

export async function emptyPolicies(url: string) {
  return client.transcripts.transcribe({ audio: url, redact_pii: true, redact_pii_policies: [], content_safety: true }); // want "aai-pii-policies-missing"
}

export async function mutated(url: string) {
  const params = { audio: url } as TranscribeParams;
  params.redact_pii = true;
  params["redact_pii_policies"] = ["email_address"];
  Object.assign(params, { content_safety: true });
  return client.transcripts.transcribe(params);
}

export async function deprecatedCreate(url: string) {
  return client.transcripts.create({ audio_url: url, ...base });
}

// Parameters from elsewhere are not judged: no finding, no evidence.
export async function passthrough(params: TranscribeParams) {
  return client.transcripts.transcribe(params);
}

export async function shadowed(url: string) {
  const base = { audio: url };
  return client.transcripts.transcribe(base); // want "aai-pii-redaction-missing" "aai-content-safety-missing"
}

export async function suppressed(url: string) {
  return client.transcripts.transcribe({ audio: url }); // aaiguard:allow
}
