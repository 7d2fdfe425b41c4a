// Reduction of olexandr13/talk-parity src/config.ts: the key for browser
// code, from a VITE_ variable.
export const API_CONFIG = {
  ASSEMBLY_AI_API_KEY: import.meta.env.VITE_ASSEMBLY_AI_API_KEY, // want "aai-browser-public-env-key"
};
