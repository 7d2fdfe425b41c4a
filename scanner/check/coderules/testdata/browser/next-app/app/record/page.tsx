// Fixture: a server component passing the key to a client component.
import Recorder from "../../components/Recorder";
import Transcripts from "../../components/Server";

export default async function Page() {
  return (
    <main>
      <Recorder apiKey={process.env.ASSEMBLYAI_API_KEY!} /> {/* want "aai-browser-api-key" */}
      <Recorder token={await mintToken()} />
      <Transcripts apiKey={process.env.ASSEMBLYAI_API_KEY} />
    </main>
  );
}
