// Fixture: REST calls to POST /v2/transcript through fetch and axios.
import axios from "axios";

const BASE_URL = "https://api.assemblyai.com/v2";
const headers = { authorization: process.env.ASSEMBLYAI_API_KEY! };

export async function withFetch(audio_url: string) {
  const res = await fetch(`${BASE_URL}/transcript`, { // want "aai-pii-redaction-missing" "aai-content-safety-missing"
    method: "POST",
    headers,
    body: JSON.stringify({ audio_url }),
  });
  return res.json();
}

export async function listIsNotARequest() {
  return fetch(BASE_URL + "/transcript", { headers });
}

export async function withAxios(audio_url: string) {
  const body = { audio_url, redact_pii: true, redact_pii_policies: ["person_name"], content_safety: true };
  return axios.post("https://api.assemblyai.com/v2/transcript", body, { headers });
}

const api = axios.create({ baseURL: "https://api.eu.assemblyai.com/v2", headers });

export async function withInstance(audio_url: string) {
  return api.post("/transcript", { audio_url, redact_pii: true }); // want "aai-pii-policies-missing" "aai-content-safety-missing"
}

export async function withConfigObject(audio_url: string) {
  return axios({ method: "post", url: `${BASE_URL}/transcript`, data: { audio_url }, headers }); // want "aai-pii-redaction-missing" "aai-content-safety-missing"
}

export async function otherHost(audio_url: string) {
  return axios.post("https://api.example.com/v2/transcript", { audio_url });
}

export async function unknownBase(base: string, audio_url: string) {
  // the base comes from elsewhere; the path still says /transcript on an
  // AssemblyAI client of this file
  return fetch(`${base}/transcript`, { method: "POST", body: JSON.stringify({ audio_url }) }); // want "aai-pii-redaction-missing" "aai-content-safety-missing"
}
