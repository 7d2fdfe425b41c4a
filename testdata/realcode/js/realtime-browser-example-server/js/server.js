// Reduction of AssemblyAI/realtime-transcription-browser-js-example js/server.js:
// an Express token server that mints a v2 realtime token for the page, with
// the account key pasted in and a one-hour lifetime.
const express = require("express");
const axios = require("axios");

const app = express();
app.use(express.json());

app.get("/", async (req, res) => {
  const response = await axios.post("https://api.assemblyai.com/v2/realtime/token", { expires_in: 3600 }, { headers: { authorization: "df48a044a435c9f09d06d31792bb7f00" } }); // want "assemblyai-api-key" "aai-token-long-expiry"
  res.json(response.data);
});

app.listen(8000);
