import { type Dispatcher, fetch as undiciFetch } from "undici";

/** A Fetch-API function that sends every request through `dispatcher` (undici's fetch). */
export function dispatcherFetch(
  dispatcher: Dispatcher,
): (input: Request | string, init?: RequestInit) => Promise<Response> {
  return (input, init) => {
    // undici 7's fetch copies a Node built-in Headers object slowly (~14 µs a call); a plain object is cheap.
    const headers = init?.headers instanceof Headers ? Object.fromEntries(init.headers) : init?.headers;
    return undiciFetch(input as string, {
      ...(init as object),
      headers,
      dispatcher,
    }) as unknown as Promise<Response>;
  };
}
