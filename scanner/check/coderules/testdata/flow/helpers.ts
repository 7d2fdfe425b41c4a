// Fixture: parameters that reach a request through helpers in the same file.
import { AssemblyAI } from "assemblyai";

const client = new AssemblyAI({ apiKey: process.env.ASSEMBLYAI_API_KEY! });
const safe = { content_safety: true };

// Called once without and once with redaction: one finding, naming the call.
async function submit(params) {
  return client.transcripts.submit(params); // want "aai-pii-redaction-missing"
}
submit({ audio: "a.mp3", ...safe });
submit({ audio: "b.mp3", ...safe, redact_pii: true, redact_pii_policies: ["person_name"] });

// Only ever called with redaction: nothing to report.
function redacted(params) {
  return client.transcripts.transcribe(params);
}
redacted({ audio: "c.mp3", ...safe, redact_pii: true, redact_pii_policies: ["phone_number"] });

// Never called here (used by other modules): unknown, not judged.
export async function exported(params) {
  return client.transcripts.transcribe(params);
}

// A helper of a helper, and a default parameter.
async function outer(p) {
  return submitDefault(p);
}
async function submitDefault(params = { audio: "d.mp3", ...safe }) {
  return client.transcripts.transcribe(params); // want "aai-pii-policies-missing"
}
outer({ audio: "e.mp3", ...safe, redact_pii: true });

// A destructured parameter.
const withConfig = ({ config }) => client.transcripts.transcribe(config); // want "aai-pii-redaction-missing"
withConfig({ config: { audio: "f.mp3", ...safe, redact_pii: false } });

// A request that spreads a parameter: each call decides.
function extra(opts) {
  return client.transcripts.transcribe({ audio: "g.mp3", ...safe, ...opts }); // want "aai-pii-redaction-missing"
}
extra({ redact_pii: true, redact_pii_policies: ["email_address"] });
extra({ speaker_labels: true });

// A method called through this.
class Jobs {
  run(params) {
    return client.transcripts.submit({ ...params, ...safe, webhook_url: "https://example.com/hook" }); // want "aai-webhook-auth-missing"
  }
  nightly() {
    return this.run({ audio: "h.mp3", redact_pii: true, redact_pii_policies: ["person_name"] });
  }
}

// A REST helper: the path decides the endpoint.
async function api(path: string, body: unknown) {
  return fetch(`https://api.assemblyai.com/v2${path}`, { method: "POST", headers: { authorization: process.env.ASSEMBLYAI_API_KEY! }, body: JSON.stringify(body) }); // want "aai-pii-redaction-missing"
}
api("/transcript", { audio_url: "https://example.com/i.mp3", content_safety: true });
api("/upload", { data: 1 });

// A token helper: the lifetime comes from the caller.
function mint(ttl: number) {
  return client.streaming.createTemporaryToken({ expires_in_seconds: ttl }); // want "aai-token-long-expiry"
}
mint(3600);
mint(60);

// Recursion does not loop.
function again(params) {
  if (params.retry) return again({ ...params, retry: false });
  return client.transcripts.transcribe(params); // want "aai-pii-redaction-missing"
}
again({ audio: "j.mp3", ...safe, retry: true });

// A parameter mutated before the request: the mutation counts.
function mutated(params) {
  params.redact_pii = true;
  params.redact_pii_policies = ["person_name"];
  return client.transcripts.transcribe(params);
}
mutated({ audio: "k.mp3", ...safe });

// A parameter reassigned: not followed (unknown), never guessed.
function reassigned(params) {
  params = { ...params, redact_pii: true, redact_pii_policies: ["person_name"] };
  return client.transcripts.transcribe(params);
}
reassigned({ audio: "l.mp3", ...safe });

// A shadowing local function of the same name is another function.
function outerScope() {
  function submit(x) {
    return x;
  }
  return submit({ audio: "m.mp3" });
}
