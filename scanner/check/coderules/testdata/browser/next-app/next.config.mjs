// Fixture: next.config env inlines values into the client bundle.
const nextConfig = {
  env: {
    ASSEMBLYAI_API_KEY: process.env.ASSEMBLYAI_API_KEY, // want "aai-browser-public-env-key"
    SITE_NAME: "demo",
  },
};
export default nextConfig;
