import express from "express";
import { AssemblyAI } from "assemblyai";

const app = express();
const client = new AssemblyAI({
  apiKey: "d602b122166cd2f601374137d3e34894",
});

app.post("/transcribe", async (req, res) => {
  const transcript = await client.transcripts.transcribe({ audio: req.body.url });
  res.json({ id: transcript.id, status: transcript.status });
});

app.listen(3000);
