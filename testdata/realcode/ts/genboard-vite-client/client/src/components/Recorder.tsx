// Reduction of a GenBoard component that transcribes an upload in the
// browser through the client above.
import { assemblyClient } from "../lib/assembly";

export async function transcribeBlob(url: string) {
  const t = await assemblyClient.transcripts.transcribe({ audio: url }); // want "aai-pii-redaction-missing" "aai-content-safety-missing" "aai-retention-no-deletion"
  return t.text;
}
