// Reduction of a controller of fathi151/QuizMate-AI that transcribes through
// the client required from ../config/assemblyAi (this file never names the SDK).
const client = require("../config/assemblyAi");

async function transcribeLecture(req, res) {
  const transcript = await client.transcripts.transcribe({ audio: req.file.path, language_code: "en" }); // want "aai-pii-redaction-missing" "aai-content-safety-missing"
  await client.transcripts.delete(transcript.id);
  res.json({ text: transcript.text });
}

module.exports = { transcribeLecture };
