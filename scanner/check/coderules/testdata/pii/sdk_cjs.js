// Fixture: CommonJS require, destructured and namespace.
const { AssemblyAI } = require("assemblyai");
const aai = require("assemblyai");

const client = new AssemblyAI({ apiKey: process.env.AAI_KEY });
const other = new aai.AssemblyAI({ apiKey: process.env.ASSEMBLYAI_API_KEY });

const defaults = {
  redact_pii: true,
  redact_pii_policies: ["person_name"],
  content_safety: true,
};

async function run(url) {
  await client.transcripts.transcribe(Object.assign({}, defaults, { audio: url }));
  await other.transcripts.transcribe({ audio: url, speech_model: "best" }); // want "aai-pii-redaction-missing" "aai-content-safety-missing"
}

module.exports = { run };
