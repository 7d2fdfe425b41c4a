// Reduction of cbruder-aai/expo-assemblyai src/client/RestClient.ts: a
// client library whose callers choose the parameters (unknown here).
export class RestClient {
  private readonly baseUrl: string;
  private readonly headers: Record<string, string>;

  constructor(options: { apiKey?: string; baseUrl?: string; useEU?: boolean } = {}) {
    this.baseUrl = options.baseUrl ?? (options.useEU ? "https://api.eu.assemblyai.com" : "https://api.assemblyai.com");
    this.headers = options.apiKey ? { Authorization: options.apiKey } : {};
  }

  async submit(params: Record<string, unknown>) {
    const res = await fetch(`${this.baseUrl}/v2/transcript`, { // fp "aai-retention-no-deletion"
      method: "POST",
      headers: { ...this.headers, "Content-Type": "application/json" },
      body: JSON.stringify(params),
    });
    return res.json();
  }

  async transcribe(params: Record<string, unknown>) {
    return this.submit(params);
  }
}
