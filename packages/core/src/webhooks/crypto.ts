// HMAC-SHA256 through Web Crypto (`globalThis.crypto.subtle`): the same code on Node 20+, Deno, Bun, Cloudflare
// Workers, Vercel Edge and browsers, with no `Buffer` and no `node:` import. `subtle.verify` compares in constant
// time by construction, so no hand-written comparison is needed.

const encoder = new TextEncoder();

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) {
    throw new TypeError(
      "Web Crypto (globalThis.crypto.subtle) is not available: use Node 20+, a modern browser or an edge runtime, " +
        "and a secure context (https or localhost) in browsers.",
    );
  }
  return s;
}

/** Imports a webhook secret (its UTF-8 bytes) as an HMAC-SHA256 key. */
export function importSecret(secret: string): Promise<CryptoKey> {
  return subtle().importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
    "verify",
  ]);
}

/** The body as the bytes that were signed. */
export function bodyBytes(body: string | Uint8Array): Uint8Array<ArrayBuffer> {
  return typeof body === "string" ? encoder.encode(body) : new Uint8Array(body);
}

/** Lower-case hex of an HMAC-SHA256 over `bytes`. */
export async function hmacHex(key: CryptoKey, bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const mac = new Uint8Array(await subtle().sign("HMAC", key, bytes));
  let hex = "";
  for (const byte of mac) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

/** Parses 64 hex digits (an optional `sha256=` prefix removed by the caller) into 32 bytes; undefined if malformed. */
export function parseHexDigest(hex: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) return undefined;
  const bytes = new Uint8Array(32);
  for (let i = 0; i < 32; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** Whether `signature` is the HMAC of `bytes` under `key`, compared in constant time by Web Crypto. */
export function verifyHmac(
  key: CryptoKey,
  signature: Uint8Array<ArrayBuffer>,
  bytes: Uint8Array<ArrayBuffer>,
): Promise<boolean> {
  return subtle().verify("HMAC", key, signature, bytes);
}
