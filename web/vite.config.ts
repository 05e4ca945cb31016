// The workbench's build. `npm run dev` serves it with hot reload and sends /api and /p to `make run`'s one
// address (BASTION_ORIGIN, default http://127.0.0.1:8000), so the session cookie stays on one origin.
import { fileURLToPath, URL } from "node:url";
import vue from "@vitejs/plugin-vue";
import { defineConfig } from "vite";

const origin = process.env.BASTION_ORIGIN ?? "http://127.0.0.1:8000";

export default defineConfig({
  plugins: [vue()],
  resolve: { alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) } },
  server: {
    proxy: {
      "/api": { target: origin, changeOrigin: false },
      "/p": { target: origin, changeOrigin: false },
    },
  },
  build: { chunkSizeWarningLimit: 2000 },
});
