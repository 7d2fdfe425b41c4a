// Reduction of ccumminskc/assemblyai-webhook index.js: a transcript is
// submitted with a webhook and no auth header; the receiving route trusts
// whatever is posted to it.
const express = require("express");
const axios = require("axios");

const app = express();
app.use(express.json());

async function submit(audioUrl) {
  return axios.post( // want "aai-webhook-auth-missing" "aai-pii-redaction-missing" "aai-content-safety-missing" "aai-retention-no-deletion"
    "https://api.assemblyai.com/v2/transcript",
    { audio_url: audioUrl, webhook_url: "https://filemaker.example.com/webhook/transcription" },
    { headers: { authorization: process.env.ASSEMBLYAI_API_KEY } },
  );
}

app.post("/webhook/transcription", async (req, res) => {
  const { transcript_id, status } = req.body;
  if (status === "completed") await updateRecord(transcript_id);
  res.status(200).send("Webhook received");
});

module.exports = { submit };
