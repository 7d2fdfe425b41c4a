// Reduction of MAsuamah/voice-prompts client/src/components/VoicePrompt.js:
// the component fetches a temporary token and connects with it.
import { useRef } from "react";

const VoicePrompt = () => {
  const socket = useRef(null);
  const runApp = async () => {
    const response = await fetch("http://localhost:8000");
    const { token } = await response.json();
    socket.current = new WebSocket(`wss://api.assemblyai.com/v2/realtime/ws?sample_rate=16000&token=${token}`);
  };
  return <button onClick={runApp}>hey</button>;
};

export default VoicePrompt;
