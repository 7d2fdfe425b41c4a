// Fixture: a base URL in a module of its own.
export const AAI_BASE = "https://api.assemblyai.com/v2";
