import { ConfigurationError } from "@avala/core";
import { StorageUrlNotAllowedError } from "./errors.js";

/**
 * Object-storage hosts accepted by default for presigned uploads and export downloads. `*.` matches any
 * subdomain. Pass your own list as `storageHosts` (e.g. `[...DEFAULT_STORAGE_HOSTS, "minio.example.com"]`).
 */
export const DEFAULT_STORAGE_HOSTS: readonly string[] = Object.freeze([
  "*.amazonaws.com",
  "storage.googleapis.com",
  "*.storage.googleapis.com",
  "*.blob.core.windows.net",
]);

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

/** Whether a URL hostname is the local machine (plain http is only ever accepted for these). */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK.test(hostname.toLowerCase());
}

/** Validates a `storageHosts` option; throws `ConfigurationError` naming the bad entry. */
export function checkStorageHosts(hosts: readonly string[], option = "storageHosts"): readonly string[] {
  if (!Array.isArray(hosts))
    throw new ConfigurationError(option, `${option} must be an array of host names.`);
  for (const host of hosts) {
    if (typeof host !== "string" || !/^(\*\.)?[a-z0-9.[\]:-]+$/i.test(host)) {
      throw new ConfigurationError(
        option,
        `${option} entry ${JSON.stringify(host)} is not a host name or a "*.domain" pattern.`,
      );
    }
  }
  return hosts;
}

function hostMatches(hostname: string, pattern: string): boolean {
  const p = pattern.toLowerCase();
  if (p.startsWith("*.")) return hostname.endsWith(p.slice(1)) && hostname.length > p.length - 1;
  return hostname === p;
}

/**
 * Parses a storage URL and checks it against the allow-list: https on an allowed host, or http on a loopback
 * host that is explicitly listed (test stand-ins). Refused URLs throw {@link StorageUrlNotAllowedError}, so
 * nothing is ever sent to them.
 */
export function checkStorageUrl(raw: string, hosts: readonly string[] = DEFAULT_STORAGE_HOSTS): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new StorageUrlNotAllowedError({
      host: "",
      protocol: "",
      detail: "The storage URL returned by the API is not a valid absolute URL; nothing was sent.",
    });
  }
  const hostname = url.hostname.toLowerCase();
  // `listable`: adding the host to the allow-list would let the URL through, so the message says how.
  const refuse = (why: string, listable: boolean) =>
    new StorageUrlNotAllowedError({
      host: url.host,
      protocol: url.protocol,
      detail: `Refused storage URL on ${url.protocol}//${url.host}: ${why}; nothing was sent there.`,
      ...(listable ? { allowWith: hostname } : {}),
    });
  if (url.username || url.password) throw refuse("it carries credentials", false);
  const listed = hosts.some((pattern) => hostMatches(hostname, pattern));
  if (url.protocol === "https:") {
    if (!listed) throw refuse("the host is not on the storage allow-list", true);
    return url;
  }
  if (url.protocol === "http:" && isLoopbackHost(hostname)) {
    // Plain http only reaches this machine, and only when the caller listed the loopback host explicitly.
    if (!listed)
      throw refuse("plain http is accepted only for loopback hosts on the storage allow-list", true);
    return url;
  }
  throw refuse(
    "only https is accepted (plain http only for loopback hosts on the storage allow-list)",
    false,
  );
}
