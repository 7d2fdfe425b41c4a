// Fixture: content safety.
import { AssemblyAI } from "assemblyai";

const client = new AssemblyAI({ apiKey: process.env.ASSEMBLYAI_API_KEY! });
const pii = { redact_pii: true, redact_pii_policies: ["person_name"] };

export const off = (audio: string) => client.transcripts.transcribe({ ...pii, audio, content_safety: false }); // want "aai-content-safety-missing"
export const on = (audio: string) => client.transcripts.transcribe({ ...pii, audio, content_safety: true, content_safety_confidence: 60 });
export const dynamic = (audio: string, ugc: boolean) => client.transcripts.transcribe({ ...pii, audio, content_safety: ugc });
export const missing = (audio: string) => client.transcripts.transcribe({ ...pii, audio }); // want "aai-content-safety-missing"
