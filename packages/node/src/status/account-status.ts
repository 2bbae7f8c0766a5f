import {
  APIError,
  APIUserAbortError,
  AuthenticationError,
  type AvalaBaseClient,
  ConfigurationError,
} from "@avala/core";
import type { Dataset, Export, FleetDevice, Organization, Project } from "@avala/types";

/** One part of {@link AccountStatus}: its data, or why it is missing (each part fails on its own). */
export type StatusPart<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      /** HTTP status when the API answered (403: the plan or key lacks it), else undefined. */
      status: number | undefined;
      /** One line saying why. */
      message: string;
      error: unknown;
    };

/** A first page of a list and whether there is more. */
export interface Latest<T> {
  items: T[];
  hasMore: boolean;
}

/** What {@link getAccountStatus} returns: who the key acts for and a summary of the account. */
export interface AccountStatus {
  /** The API root asked. */
  baseUrl: string;
  /**
   * The organizations the key's user belongs to, with the user's `role` in each: who the key acts for (the API has
   * no endpoint naming the key's user itself).
   */
  organizations: StatusPart<Latest<Organization>>;
  /** The most recently listed datasets. */
  datasets: StatusPart<Latest<Dataset>>;
  /** Projects the key's user can access (`GET /users/me/projects/`). */
  projects: StatusPart<Latest<Project>>;
  /** Recent exports and those still running. */
  exports: StatusPart<Latest<Export> & { pending: Export[] }>;
  /** Fleet devices by status; a 403 here usually means the plan has no fleet management. */
  fleet: StatusPart<{ total: number; online: number; offline: number; other: number; hasMore: boolean }>;
}

/** Options of {@link getAccountStatus}. */
export interface AccountStatusOptions {
  /** Items of each list to fetch. Default 5 (devices: 100, to count them). */
  limit?: number;
  signal?: AbortSignal;
}

const PENDING_EXPORT = new Set(["requested", "pending", "processing"]);

async function part<T>(load: () => Promise<T>): Promise<StatusPart<T>> {
  try {
    return { ok: true, value: await load() };
  } catch (error) {
    const status = error instanceof APIError ? error.status : undefined;
    const message =
      status === 403
        ? "not available to this key or plan (403)"
        : error instanceof Error
          ? error.message
          : String(error);
    return { ok: false, status, message, error };
  }
}

/**
 * Who the API key acts for and a summary of the account, as the official CLI's `status`: organizations (with the
 * key user's role), recent datasets, projects and exports, and fleet devices by status. Each part is fetched on its
 * own and degrades on its own: a plan without fleet management (403) still gets the rest. Only when every part
 * fails with `AuthenticationError` (a wrong or revoked key) does it reject, with that error.
 *
 * @example
 * const status = await getAccountStatus(avala);
 * if (status.fleet.ok) console.log(`${status.fleet.value.online} devices online`);
 */
export async function getAccountStatus(
  client: AvalaBaseClient,
  options: AccountStatusOptions = {},
): Promise<AccountStatus> {
  const limit = options.limit ?? 5;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw new ConfigurationError("limit", `limit must be an integer from 1 to 100 (got ${options.limit}).`);
  }
  const { signal } = options;
  const latest = <T>(page: { results: T[]; next?: string | null }): Latest<T> => ({
    items: page.results,
    hasMore: Boolean(page.next),
  });
  const [organizations, datasets, projects, exports, fleet] = await Promise.all([
    part(async () => latest(await client.GET("/organizations/", { params: { query: { limit } }, signal }))),
    part(async () => latest(await client.GET("/datasets/", { params: { query: { limit } }, signal }))),
    part(async () =>
      latest(await client.GET("/users/me/projects/", { params: { query: { limit } }, signal })),
    ),
    part(async () => {
      const page = latest(await client.GET("/exports/", { params: { query: { limit } }, signal }));
      return { ...page, pending: page.items.filter((e) => PENDING_EXPORT.has(e.status ?? "")) };
    }),
    part(async () => {
      const page = await client.GET("/fleet/devices/", { params: { query: { limit: 100 } }, signal });
      const count = (status: string) => page.results.filter((d: FleetDevice) => d.status === status).length;
      const online = count("online");
      const offline = count("offline");
      return {
        total: page.results.length,
        online,
        offline,
        other: page.results.length - online - offline,
        hasMore: Boolean(page.next),
      };
    }),
  ]);
  const parts = [organizations, datasets, projects, exports, fleet];
  const denied = parts.map((p) => (p.ok ? undefined : p.error));
  if (denied.every((e) => e instanceof AuthenticationError)) throw denied[0];
  if (signal?.aborted) throw new APIUserAbortError(undefined, { cause: signal.reason });
  return { baseUrl: client.baseUrl, organizations, datasets, projects, exports, fleet };
}
