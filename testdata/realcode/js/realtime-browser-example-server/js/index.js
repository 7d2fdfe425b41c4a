// Reduction of AssemblyAI/realtime-transcription-browser-js-example js/index.js:
// the page fetches the temporary token and opens the realtime socket with it.
const run = async () => {
  const response = await fetch("http://localhost:8000");
  const { token } = await response.json();
  const socket = new WebSocket(`wss://api.assemblyai.com/v2/realtime/ws?sample_rate=16000&token=${token}`);
  socket.onmessage = (message) => console.log(JSON.parse(message.data).text);
};
document.getElementById("button").addEventListener("click", run);
