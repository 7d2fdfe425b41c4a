// Fixture: a server load() that hands the key to the page.
import { ASSEMBLYAI_API_KEY } from "$env/static/private";

export const load = async () => {
  return { apiKey: ASSEMBLYAI_API_KEY }; // want "aai-browser-key-returned"
};
