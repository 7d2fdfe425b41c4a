import { AssemblyAI } from "assemblyai";

export const client = new AssemblyAI({ apiKey: process.env.ASSEMBLYAI_API_KEY! });
export const SENTRY_DSN_KEY = "9fc7a9fbe9467a7bbda14fa000f42757";
export const stripePublishableKey = "24f6d40216f6ccf19fdd3096880687a5";
export const cacheVersion = "b9fad246aa7609076e4d95bf43422c36";
export const transcriptId = "76ac923ac9e87520d9e2c5ea44abf013";
