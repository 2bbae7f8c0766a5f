// Loaded before each `run` block (`node --import`): what a block sends to the real API root goes to the mock at
// $AVALA_BASE_URL instead, so a block written for production — `createClient({ apiKey })` of @avala/core, whose
// default base URL is the real API — runs exactly as written, against the mock and without the network. Only
// this harness does this; the blocks and the packages know nothing of it.
const API_ROOT = "https://api.avala.ai/api/v1";
const mockRoot = process.env.AVALA_BASE_URL;
const realFetch = globalThis.fetch;

globalThis.fetch = (input: string | URL | Request, init?: RequestInit) => {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  if (!mockRoot || !url.startsWith(`${API_ROOT}/`)) return realFetch(input, init);
  const redirected = `${mockRoot}${url.slice(API_ROOT.length)}`;
  return realFetch(input instanceof Request ? new Request(redirected, input) : redirected, init);
};
