import { APIError, type AvalaClient, AvalaError } from "@avala/core";
import { type CatalogOperation, catalog } from "@avala/types/catalog";
import { callOperation, callPaginated } from "../call-operation.js";

const byName = new Map(catalog.map((op) => [op.name, op]));

/** The catalog operation called `name` (a workflow's building block); throws if the spec no longer has it. */
export function operation(name: string): CatalogOperation {
  const op = byName.get(name);
  if (!op) throw new Error(`The operation catalog has no ${name}; the workflow tools need it.`);
  return op;
}

/** Calls an operation by name through the client's one dispatch path (limiter, retries, redaction). */
export const call = (
  client: AvalaClient,
  name: string,
  args: Record<string, unknown>,
  signal: AbortSignal,
): Promise<unknown> => callOperation(client, operation(name), args, signal);

/** Most items a workflow reads from one list: enough to count a workspace, bounded so a call stays short. */
export const LIST_CAP = 500;

/** A list read to its end or to {@link LIST_CAP} items, and whether more were left. */
export interface Listed<T> {
  items: T[];
  /** True when the list has more than the items read (counts are then lower bounds). */
  truncated: boolean;
}

/** Walks a cursor-paginated operation (pages of 100) up to `cap` items. */
export async function listAll<T>(
  client: AvalaClient,
  name: string,
  args: Record<string, unknown>,
  signal: AbortSignal,
  cap = LIST_CAP,
): Promise<Listed<T>> {
  const page = await callPaginated(
    client,
    operation(name),
    { ...args, limit: Math.min(100, cap), max_items: cap },
    signal,
  );
  return { items: page.items as T[], truncated: page.next_cursor !== null };
}

/** Why one part of a workflow failed, as the model reads it. */
export interface PartError {
  /** The API's HTTP status, when the API answered. */
  status?: number;
  message: string;
}

/** A failed part: core's message (secrets redacted) and the status; never a stack. */
export function partError(error: unknown): PartError {
  if (error instanceof APIError) {
    const hint =
      error.status === 403 ? " The key or its plan has no access to this part; the rest is reported." : "";
    return { status: error.status, message: `${error.message}${hint}` };
  }
  if (error instanceof AvalaError) return { message: `${error.name}: ${error.message}` };
  return { message: error instanceof Error ? error.message : String(error) };
}

/**
 * Runs independent parts of a workflow at once (the client's limiter paces them) and keeps each part's result
 * or its error: one part the key may not read (a 403 on fleet for a plan without it) or that fails does not
 * sink the others. Aborts propagate: a cancelled call fails as a whole.
 */
export async function settleParts<K extends string>(
  parts: Record<K, () => Promise<unknown>>,
  signal: AbortSignal,
): Promise<{ values: Partial<Record<K, unknown>>; errors: Partial<Record<K, PartError>> }> {
  const keys = Object.keys(parts) as K[];
  const settled = await Promise.allSettled(keys.map((key) => parts[key]()));
  signal.throwIfAborted();
  const values: Partial<Record<K, unknown>> = {};
  const errors: Partial<Record<K, PartError>> = {};
  settled.forEach((result, i) => {
    const key = keys[i]!;
    if (result.status === "fulfilled") values[key] = result.value;
    else errors[key] = partError(result.reason);
  });
  return { values, errors };
}

/** Picks the listed keys of an object that are present (a compact summary of an API object). */
export function pick(value: unknown, keys: readonly string[]): Record<string, unknown> {
  const source = (value ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}

/** Counts items by the value of `key` (null and missing count as `unknown`). */
export function countBy(items: readonly unknown[], key: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) {
    const value = (item as Record<string, unknown>)[key];
    const name = value === null || value === undefined ? "unknown" : String(value);
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}
