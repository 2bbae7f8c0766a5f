import { createRequire } from "node:module";

/**
 * The parts of Vue this module uses, typed here: Vue is resolved from Scalar's own package (below), not this
 * package's dependencies, so it is the very instance Scalar's components were built against.
 */
interface VueRuntime {
  createSSRApp(root: { setup: () => () => unknown }): { config: { idPrefix?: string } };
  h(component: unknown, props: Record<string, unknown>): unknown;
}
interface VueServerRenderer {
  renderToString(app: unknown): Promise<string>;
}

/**
 * Scalar's reference rendered to HTML at build time, with Vue's server renderer: the page shows it at once, while
 * the browser loads Scalar and renders the live reference beside it (app.js swaps them when it is ready).
 *
 * `@scalar/server-side-rendering` does the same for a server, but pins an older `@scalar/api-reference` than the
 * one this site ships and needs Node 22; rendering the component of the version in use takes the few lines below.
 * `scalarFile` is any file of the `@scalar/api-reference` package (its stylesheet): Vue is resolved from there.
 * The snapshot is not hydrated: Scalar's client loads the document asynchronously, so hydration would first
 * replace the snapshot with an empty page (seen: about a second blank); the swap shows one or the other, whole.
 */
export async function prerenderReference(
  scalarFile: string,
  configuration: Record<string, unknown>,
): Promise<string> {
  const fromScalar = createRequire(scalarFile);
  const vue = (await import(fromScalar.resolve("vue"))) as VueRuntime;
  const server = (await import(fromScalar.resolve("vue/server-renderer"))) as VueServerRenderer;
  const { ApiReference } = await import("@scalar/api-reference");
  const app = vue.createSSRApp({ setup: () => () => vue.h(ApiReference, { configuration }) });
  app.config.idPrefix = "scalar-refs";
  return server.renderToString(app);
}
