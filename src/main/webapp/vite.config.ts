import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// The SDC form renderer LHC-Forms (npm "lforms", pinned in package.json) ships as a prebuilt web component with its own
// runtime (Angular, zone.js) and assets, meant to be loaded by <script> tags, not bundled. Its files go beside the app
// under lforms/ (the same paths as in the package's dist/lforms), loaded only when a patient opens a questionnaire.
const LFORMS_DIST = here("./node_modules/lforms/dist/lforms/");
const LFORMS_FILES = [
  "webcomponent/styles.css",
  "webcomponent/down_arrow_gray_10_10.png",
  "webcomponent/magnifying_glass.png",
  "webcomponent/assets/lib/zone.min.js",
  "webcomponent/runtime.js",
  "webcomponent/polyfills.js",
  "webcomponent/main.js",
  "fhir/R4/lformsFHIR.min.js",
  "LICENSE.md",
];
const CONTENT_TYPES: Record<string, string> = { css: "text/css", js: "text/javascript", png: "image/png", md: "text/markdown" };

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
      name: "lforms-files",
      generateBundle() {
        for (const file of LFORMS_FILES) {
          this.emitFile({ type: "asset", fileName: `lforms/${file}`, source: readFileSync(LFORMS_DIST + file) });
        }
      },
      configureServer(server) {
        server.middlewares.use((req, res, next) => {
          const file = /\/lforms\/(.+)$/.exec(req.url?.split("?")[0] ?? "")?.[1];
          if (!file || !LFORMS_FILES.includes(file)) return next();
          res.setHeader("Content-Type", CONTENT_TYPES[file.split(".").pop() ?? ""] ?? "application/octet-stream");
          res.end(readFileSync(LFORMS_DIST + file));
        });
      },
    },
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
