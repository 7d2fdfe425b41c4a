// Reduction of zczhao1992/next-ai-voice app/api/getToken/route.jsx: a v2
// realtime token asked to live an hour.
import { AssemblyAI } from "assemblyai";
import { NextResponse } from "next/server";

const assemblyAI = new AssemblyAI({ apiKey: process.env.ASSEMBLY_API_KEY });

export async function GET(req) {
  const token = await assemblyAI.realtime.createTemporaryToken({ expires_in: 3600 }); // want "aai-token-long-expiry"
  return NextResponse.json(token);
}
