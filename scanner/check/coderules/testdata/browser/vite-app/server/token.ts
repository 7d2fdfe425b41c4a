// Fixture: the app's server mints short-lived tokens (evidence) and one
// long-lived one.
import { AssemblyAI } from "assemblyai";

const client = new AssemblyAI({ apiKey: process.env.ASSEMBLYAI_API_KEY! });

export const mint = () => client.streaming.createTemporaryToken({ expires_in_seconds: 60 });
export const mintLong = () => client.streaming.createTemporaryToken({ expires_in_seconds: 60 * 60 }); // want "aai-token-long-expiry"

export async function restToken() {
  const res = await fetch("https://streaming.assemblyai.com/v3/token?expires_in_seconds=3600", { // want "aai-token-long-expiry"
    headers: { authorization: process.env.ASSEMBLYAI_API_KEY! },
  });
  return res.json();
}
