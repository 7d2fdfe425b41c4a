// Fixture: SvelteKit server route.
import { json } from "@sveltejs/kit";
import { ASSEMBLYAI_API_KEY } from "$env/static/private";

export function GET() {
  return json({ key: ASSEMBLYAI_API_KEY }); // want "aai-browser-key-returned"
}
