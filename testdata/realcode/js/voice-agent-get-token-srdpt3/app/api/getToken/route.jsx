// Reduction of srdpt3/ai-voice-agent app/api/getToken/route.jsx.
import { AssemblyAI } from "assemblyai";
import { NextResponse } from "next/server";

const assemblyAi = new AssemblyAI({
  apiKey: process.env.ASSEMBLYAI_API_KEY,
});

export async function GET(req) {
  const token = await assemblyAi.realtime.createTemporaryToken({ // want "aai-token-long-expiry"
    expires_in: 3600,
  });
  return NextResponse.json(token);
}
