/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// The backend serves dist/ at "/" (deep links get index.html), so assets use absolute paths.
export default defineConfig({
  base: "/",
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2020",
  },
  server: {
    // `npm run dev` talks to a backend started with `kyoso serve --port 8010`.
    proxy: { "/api": "http://127.0.0.1:8010", "/ready": "http://127.0.0.1:8010" },
  },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    css: false,
  },
});
