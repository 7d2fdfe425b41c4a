// Reduction of keviner1019/MinuteAI-Web lib/assemblyai/config.ts: the server's
// client, created once and exported as the default too.
import { AssemblyAI } from "assemblyai";

if (!process.env.ASSEMBLYAI_API_KEY) {
  throw new Error("ASSEMBLYAI_API_KEY is not set in environment variables");
}

export const assemblyClient = new AssemblyAI({
  apiKey: process.env.ASSEMBLYAI_API_KEY,
});

export default assemblyClient;
