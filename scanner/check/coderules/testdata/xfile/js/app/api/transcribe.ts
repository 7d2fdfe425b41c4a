// Fixture: requests whose client, params and base URL come from ../../lib.
import { client, defaults, redacted } from "../../lib/client";
import { http, makeHttp } from "../../lib";
import { aai } from "../../lib/index";
import * as lib from "../../lib/client";
import { thing } from "../../lib/cycle-a";

export async function POST(req: Request) {
  const { url } = await req.json();
  await client.transcripts.transcribe({ ...defaults, audio: url }); // want "aai-pii-redaction-missing"
  await client.transcripts.transcribe({ ...redacted, audio: url });
  await aai.transcripts.submit({ ...lib.defaults, audio_url: url }); // want "aai-pii-redaction-missing"
  await http.post("/transcript", { audio_url: url, content_safety: true }); // want "aai-pii-redaction-missing"
  await makeHttp().post("/transcript", { ...redacted, audio_url: url });
  await client.transcripts.transcribe({ ...thing, audio: url });
  return Response.json({ ok: true });
}
