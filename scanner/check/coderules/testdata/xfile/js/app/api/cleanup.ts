// Fixture: issue 11's retention case, client.transcripts.delete(t.id) with
// the client imported from another module (no "assemblyai" in this file).
import { client } from "../../lib/client";

export async function cleanup(ids: string[]) {
  for (const id of ids) {
    await client.transcripts.delete(id);
  }
}
