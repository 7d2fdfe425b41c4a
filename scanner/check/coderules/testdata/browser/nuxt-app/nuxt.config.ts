// Fixture: Nuxt runtimeConfig: public reaches the browser, the rest does not.
export default defineNuxtConfig({
  runtimeConfig: {
    assemblyaiApiKey: process.env.ASSEMBLYAI_API_KEY,
    public: {
      assemblyaiKey: process.env.NUXT_PUBLIC_ASSEMBLYAI_KEY, // want "aai-browser-public-env-key" "aai-browser-public-env-key"
      streamingKey: process.env.ASSEMBLYAI_API_KEY, // want "aai-browser-public-env-key"
      siteName: "Transcripts",
    },
  },
});
