// Fixture: a CommonJS import of the SDK client.
const { client } = require("../../lib/cjs");

async function run(url) {
  return client.transcripts.transcribe({ audio: url, content_safety: true }); // want "aai-pii-redaction-missing"
}
module.exports = { run };

// module.exports = client, required whole (the file names no SDK).
const sdk = require("../../lib/cjsdefault");

async function cleanup(id) {
  return sdk.transcripts.delete(id);
}
module.exports.cleanup = cleanup;

// A CommonJS params module, required whole.
const params = require("../../lib/cjsparams");

async function again(url) {
  return sdk.transcripts.transcribe({ ...params, audio: url }); // want "aai-pii-redaction-missing"
}
module.exports.again = again;
