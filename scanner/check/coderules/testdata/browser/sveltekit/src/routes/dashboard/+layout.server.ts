// Fixture: a layout load() that hands a local holding the key to the page.
export async function load({ locals }) {
  return { user: locals.user, key: locals.aaiKey }; // want "aai-browser-key-returned"
}
