// Fixture: the project's AssemblyAI client and HTTP clients, imported by ../app.
import { AssemblyAI } from "assemblyai";
import axios from "axios";
import { AAI_BASE } from "./constants";

export const client = new AssemblyAI({ apiKey: process.env.ASSEMBLYAI_API_KEY! });

export const http = axios.create({ baseURL: AAI_BASE, headers: { authorization: process.env.ASSEMBLYAI_API_KEY! } });

export function makeHttp() {
  return axios.create({ baseURL: "https://api.assemblyai.com/v2" });
}

export const defaults = { speech_model: "universal", content_safety: true };

export const redacted = { ...defaults, redact_pii: true, redact_pii_policies: ["person_name", "phone_number"] };
