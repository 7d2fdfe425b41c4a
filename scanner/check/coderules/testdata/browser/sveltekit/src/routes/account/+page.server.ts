// Fixture: a load() that only says whether the key is set: not the key.
export const load = async ({ locals }) => ({ user: locals.user, configured: Boolean(locals.aaiKey), set: !!locals.aaiKey });
