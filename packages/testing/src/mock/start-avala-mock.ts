import { startFaultLayer } from "../faults/fault-layer.js";
import { bundledSpecPath } from "./bundled-files.js";
import { startPrism } from "./start-prism.js";

/** Options of {@link startAvalaMock}. Every field is optional. */
export interface AvalaMockOptions {
  /**
   * `false` (default): answer with the spec's examples, the same on every call. `true`: generate data from the
   * schemas (Prism's dynamic mode; `seed` makes it repeatable).
   */
  dynamic?: boolean;
  /** Seed of the generated data in dynamic mode, so a run can be reproduced. */
  seed?: number;
  /**
   * Prism checks every request against the spec. `true` (default): a request that does not match is answered
   * `400` with Prism's messages as field errors (`query.limit: Request query parameter limit must be integer`),
   * so the client raises a BadRequestError that says what was wrong. `false`: Prism's answer passes unchanged
   * (the spec's example 400, violations only in the `sl-violations` header).
   */
  validateRequests?: boolean;
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Port of the mock. Default: a free port. */
  port?: number;
  /** Another OpenAPI file to serve instead of the bundled Avala spec. */
  spec?: string;
  /**
   * Run Prism as a validating proxy in front of this URL instead of mocking: requests and responses are checked
   * against the spec (violations become error answers), the upstream answers. For a fake or staging server of
   * your own.
   */
  proxyTo?: string;
  /** How long to wait for Prism to listen, in ms. Default 60 000. */
  startTimeoutMs?: number;
  /** Called with every line Prism prints (one per request). */
  onLog?: (line: string) => void;
}

/** A running mock of the Avala API. */
export interface AvalaMock {
  /** Base URL to give the client, e.g. `http://127.0.0.1:41234` (the spec's paths are relative to it). */
  readonly url: string;
  /** Prism's own URL, behind the fault layer (no scenarios other than `Prefer`). */
  readonly prismUrl: string;
  /** The last lines Prism printed, for diagnosing a failed test. */
  recentLogs(): string[];
  /** Stops the mock and waits until Prism has exited. Safe to call more than once. */
  stop(): Promise<void>;
}

/**
 * Starts the pinned Prism on the Avala spec bundled in this package, on a free port, with the fault layer of
 * {@link scenario} in front, and resolves when it answers. Prism runs under a supervisor that stops it when
 * this process exits for any reason (SIGKILL included), so no mock outlives a test run.
 *
 * @example
 * const mock = await startAvalaMock();
 * const avala = createClient({ apiKey: "avk_test", baseUrl: mock.url });
 * await avala.GET("/datasets/");
 * await mock.stop();
 */
export async function startAvalaMock(options: AvalaMockOptions = {}): Promise<AvalaMock> {
  const host = options.host ?? "127.0.0.1";
  const validate = options.validateRequests ?? true;
  const prism = await startPrism({
    spec: options.spec ?? bundledSpecPath,
    host,
    dynamic: options.dynamic ?? false,
    seed: options.seed,
    errors: validate,
    proxyTo: options.proxyTo,
    startTimeoutMs: options.startTimeoutMs ?? 60_000,
    onLog: options.onLog,
  });
  let faults: Awaited<ReturnType<typeof startFaultLayer>>;
  try {
    faults = await startFaultLayer({
      target: prism.url,
      host,
      port: options.port,
      explainViolations: validate,
    });
  } catch (error) {
    await prism.stop();
    throw error;
  }
  let stopped: Promise<void> | undefined;
  return {
    url: faults.url,
    prismUrl: prism.url,
    recentLogs: () => prism.recentLogs(),
    stop() {
      stopped ??= Promise.all([faults.stop(), prism.stop()]).then(() => undefined);
      return stopped;
    },
  };
}
