// `pnpm serve`: serves the built app (run `vite build` first) with the proxy, fake API and Prism behind it.
// Environment: PORT (default 5174), HOST (default 127.0.0.1), and behind a TLS-terminating reverse proxy
// AVALA_PUBLIC_ORIGIN or AVALA_TRUST_FORWARDED_HEADERS=1 (see the README's "Deploying behind an https proxy").
import { fileURLToPath } from "node:url";
import { publicOriginFromEnv } from "./api-stack.js";
import { startAppServer } from "./app-server.js";

const origin = publicOriginFromEnv();
const app = await startAppServer({
  staticDir: fileURLToPath(new URL("../dist/", import.meta.url)),
  port: Number(process.env.PORT ?? 5174),
  host: process.env.HOST || "127.0.0.1",
  ...origin,
});
const behind = origin.publicOrigin
  ? `; page links on ${origin.publicOrigin}`
  : origin.trustForwardedHeaders
    ? "; page links on the origin the forwarded headers give"
    : "";
console.log(
  `Avala example app on ${app.url} (proxy at /api/avala → Prism ${app.prism.url} → fake API ${app.fake.url}${behind})`,
);
const stop = () => {
  app.stop().then(() => process.exit(0));
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
