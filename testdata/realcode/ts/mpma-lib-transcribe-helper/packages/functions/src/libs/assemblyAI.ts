// Reduction of Belfio/mpma-web packages/functions/src/libs/assemblyAI.ts: a
// helper builds the request from its parameter; callers live elsewhere.
import { AssemblyAI } from "assemblyai";

const client = new AssemblyAI({
  apiKey: process.env.AAI_TOKEN || "",
});

const transcribe = async (fileUrl: string): Promise<string | null> => {
  const data = {
    audio: fileUrl,
  };
  const transcript = await client.transcripts.transcribe(data); // want "aai-pii-redaction-missing" "aai-content-safety-missing" "aai-retention-no-deletion"
  return transcript.text || null;
};

const aai = { transcribe };
export default aai;
