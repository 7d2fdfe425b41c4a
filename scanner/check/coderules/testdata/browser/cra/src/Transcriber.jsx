// Fixture: a component that takes the key as a prop (browser code).
import { StreamingTranscriber } from "assemblyai";

export default function Transcriber({ apiKey }) {
  const start = () => new StreamingTranscriber({ apiKey, sampleRate: 16_000 }).connect(); // want "aai-browser-api-key"
  return <button onClick={start}>Record</button>;
}
