// Reduction of sirpuffin1/dreemursPractice pages/api/requestTranscript.ts: an
// axios client made in the handler with the API's base URL; the key is read
// from a NEXT_PUBLIC_ variable in a server-only file.
import axios from "axios";
import type { NextApiRequest, NextApiResponse } from "next";

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const assembly = axios.create({
    baseURL: "https://api.assemblyai.com/v2",
    headers: {
      authorization: process.env.NEXT_PUBLIC_ASSEMBLYAI_API_KEY, // want "aai-browser-public-env-key"
    },
  });
  const response = await assembly.post("/transcript", { // want "aai-pii-redaction-missing" "aai-content-safety-missing" "aai-retention-no-deletion"
    audio_url: req.body.audioUrl,
  });
  res.status(200).json(response.data);
}
