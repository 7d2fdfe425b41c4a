// Fixture: a literal key passed as a prop in browser code (src/ of a Create React App app).
import Transcriber from "./Transcriber";

export default function App() {
  return (
    <div>
      <Transcriber apiKey="02af4091e900a9d6cce9fe4826b0a6c8" /> {/* want "aai-browser-api-key" */}
      <Transcriber apiKey="00000000000000000000000000000000" />
      <li key="8ffc191c1e0c6d3df6c5d6d41f6a32c3">row</li>
    </div>
  );
}
