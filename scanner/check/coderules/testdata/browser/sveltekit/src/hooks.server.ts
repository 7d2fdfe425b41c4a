// Fixture: SvelteKit hooks putting the key in the request locals.
import { env } from "$env/dynamic/private";

export async function handle({ event, resolve }) {
  event.locals.aaiKey = env.ASSEMBLYAI_API_KEY;
  event.locals.user = await loadUser(event);
  return resolve(event);
}
