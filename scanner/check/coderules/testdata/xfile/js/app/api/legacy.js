// Fixture: a CommonJS import of the SDK client.
const { client } = require("../../lib/cjs");

async function run(url) {
  return client.transcripts.transcribe({ audio: url, content_safety: true }); // want "aai-pii-redaction-missing"
}
module.exports = { run };
