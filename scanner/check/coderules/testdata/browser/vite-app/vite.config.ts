// Fixture: Vite define replaces the expression in client code.
import { defineConfig } from "vite";

export default defineConfig({
  define: {
    "process.env.ASSEMBLYAI_API_KEY": JSON.stringify(process.env.ASSEMBLYAI_API_KEY), // want "aai-browser-public-env-key"
    __APP_VERSION__: JSON.stringify("1.0.0"),
  },
});
