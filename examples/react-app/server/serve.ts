// `pnpm serve`: serves the built app (run `vite build` first) with the proxy, fake API and Prism behind it.
import { fileURLToPath } from "node:url";
import { startAppServer } from "./app-server.js";

const app = await startAppServer({
  staticDir: fileURLToPath(new URL("../dist/", import.meta.url)),
  port: Number(process.env.PORT ?? 5174),
});
console.log(
  `Avala example app on ${app.url} (proxy at /api/avala → Prism ${app.prism.url} → fake API ${app.fake.url})`,
);
const stop = () => {
  app.stop().then(() => process.exit(0));
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
