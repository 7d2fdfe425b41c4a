// Fixture: object fields assigned in constructors and class fields.
import axios from "axios";

const baseURL = "https://api.assemblyai.com/v2";

export class Transcription {
  private readonly safety = { content_safety: true };

  constructor(private readonly key: string) {
    this.http = axios.create({ baseURL, headers: { authorization: key } });
  }

  submit(audio_url: string) {
    return this.http.post("/transcript", { audio_url, ...this.safety }); // want "aai-pii-redaction-missing"
  }

  remove(id: string) {
    return this.http.delete(`/transcript/${id}`);
  }
}

// A class field holding the client.
export class Other {
  api = axios.create({ baseURL: "https://example.com/api" });

  submit(audio_url: string) {
    // another host: not AssemblyAI's
    return this.api.post("/transcript", { audio_url });
  }
}
