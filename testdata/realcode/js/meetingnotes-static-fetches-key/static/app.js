// Reduction of kaunghtut24/Ai-meetingnotes static/app.js: browser code asks
// the backend for a "temporary token" and opens the realtime socket with it.
class AssemblyAIRealtime {
  async getTemporaryToken() {
    const response = await fetch("/api/assemblyai-token", { method: "POST" }); // want "aai-browser-api-key"
    const data = await response.json();
    return data.token;
  }

  async connect() {
    const token = await this.getTemporaryToken();
    this.socket = new WebSocket(`wss://api.assemblyai.com/v2/realtime/ws?sample_rate=16000&token=${token}`);
  }
}
