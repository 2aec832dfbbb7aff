import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// The dashboard is served by the FHIR server at <server>/dashboard/, beside a config.json the server writes.
// Assets load relative to index.html (base './'); the build lands in the Maven project's target/dashboard.
export default defineConfig({
  base: "./",
  build: {
    outDir: "../../../target/dashboard",
    emptyOutDir: true,
    chunkSizeWarningLimit: 600,
  },
  resolve: {
    alias: {
      // fhirclient's browser entry pulls polyfills for old browsers (fetch, AbortController, WebCrypto). Every browser
      // the dashboard supports has them natively, so they are replaced by tiny shims that hand back the native ones.
      "isomorphic-webcrypto": here("./src/shims/webcrypto.ts"),
      "cross-fetch": here("./src/shims/fetch.ts"),
      "abortcontroller-polyfill/dist/abortcontroller-polyfill-only": here("./src/shims/empty.ts"),
    },
  },
  define: {
    // fhirclient's "pure" build: skips its polyfill branch for browsers without fetch.
    FHIRCLIENT_PURE: "true",
  },
  plugins: [
    {
      // Development only (`npm run dev`): serve sample-config.json as ./config.json, which the server writes in production.
      name: "dashboard-dev-config",
      apply: "serve",
      configureServer(server) {
        server.middlewares.use((req, res, next) => {
          if (req.url?.split("?")[0].endsWith("/config.json")) {
            res.setHeader("Content-Type", "application/json");
            res.end(readFileSync(here("./sample-config.json")));
            return;
          }
          next();
        });
      },
    },
  ],
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
