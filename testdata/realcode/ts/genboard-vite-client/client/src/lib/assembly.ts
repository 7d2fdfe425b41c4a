// Reduction of Jacky030716/GenBoard client/src/lib/assembly.ts: the SDK client
// with a VITE_ key, in the browser bundle of a Vite app.
import { AssemblyAI } from "assemblyai";

export const assemblyClient = new AssemblyAI({ // want "aai-browser-api-key"
  apiKey: import.meta.env.VITE_ASSEMBLYAI_API_KEY!, // want "aai-browser-public-env-key"
});
