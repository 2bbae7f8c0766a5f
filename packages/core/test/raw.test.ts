// What users observe of `avala.raw`, middleware and the throwing methods' fallback request building, checked on
// the wire with a local fault server. Written and passing against openapi-fetch's own createClient before core
// replaced it with its raw sender (src/transport/raw-request.ts), so the two behave alike.
import { describe, expect, it } from "vitest";
import {
  APIConnectionError,
  APIResponseParseError,
  type AvalaClient,
  type ClientOptions,
  createClient,
  NotFoundError,
} from "../src/index.js";
import { type FaultServer, json, page, useFaultServers } from "./support/fault-server.js";

type Middleware = NonNullable<ClientOptions["middleware"]>[number];

const KEY = "avk_live_RAWSECRET_0123456789";
const serve = useFaultServers();
const client = (server: FaultServer, options: Partial<ClientOptions> = {}) =>
  createClient({ apiKey: KEY, baseUrl: server.baseUrl, limiter: false, maxRetries: 0, ...options });

const DATASET = {
  uid: "3f2c9a1e-7b4d-4e8a-9c61-2d5f0b8e4a17",
  name: "Highway LiDAR 2026",
  slug: "highway-lidar-2026",
  item_count: 1,
};
const EXPORT_UID = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d";
const BYTES = [0, 1, 2, 127, 128, 254, 255];

type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD";
type RawResult = { data?: unknown; error?: unknown; response: Response };
type LooseCall = (path: string, init?: Record<string, unknown>) => Promise<unknown>;
type LooseRawCall = (path: string, init?: Record<string, unknown>) => Promise<RawResult>;
// For inits deliberately outside the typed surface (query keys and header params the spec does not declare,
// FormData bodies, HEAD, which no operation of the spec has), and to drive raw and throwing calls alike.
const looseRaw = (avala: AvalaClient) => avala.raw as unknown as Record<HttpMethod, LooseRawCall>;
const looseThrowing = (avala: AvalaClient) => avala as unknown as Record<HttpMethod, LooseCall>;

/** A server answering every request with a JSON body. */
const jsonServer = (status = 200, body: unknown = DATASET, headers: Record<string, string> = {}) =>
  serve(({ res }) => json(res, status, body, headers));

/** A server that drops the connection of every request it receives. */
const droppingServer = () =>
  serve(({ req }) => {
    req.socket.destroy();
  });

async function readAll(stream: ReadableStream<Uint8Array>): Promise<number[]> {
  const reader = stream.getReader();
  const out: number[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return out;
    out.push(...value);
  }
}

describe("raw responses", () => {
  it("resolves a 200 JSON body as data, with error undefined and the Response's status, ok and headers", async () => {
    const api = await jsonServer(200, DATASET, { "x-request-id": "req-123" });
    const result = await client(api).raw.GET("/datasets/{uid}/", { params: { path: { uid: DATASET.uid } } });
    expect(result.data).toEqual(DATASET);
    expect(result.error).toBeUndefined();
    expect(result.response).toBeInstanceOf(Response);
    expect(result.response.status).toBe(200);
    expect(result.response.ok).toBe(true);
    expect(result.response.headers.get("x-request-id")).toBe("req-123");
    expect(result.response.headers.get("content-type")).toBe("application/json");
    expect(api.received.map((r) => `${r.method} ${r.url}`)).toEqual([`GET /api/v1/datasets/${DATASET.uid}/`]);
  });

  it("resolves a 404 JSON body as error, with data undefined, without throwing", async () => {
    const api = await jsonServer(404, { detail: "Not found." });
    const result = await client(api).raw.GET("/datasets/{uid}/", { params: { path: { uid: DATASET.uid } } });
    expect(result.error).toEqual({ detail: "Not found." });
    expect(result.data).toBeUndefined();
    expect(result.response.status).toBe(404);
    expect(result.response.ok).toBe(false);
  });

  it("resolves an error body that is not JSON as its text", async () => {
    const api = await serve(({ res }) => {
      res.writeHead(403, { "content-type": "text/plain" });
      res.end("<html>no access here</html>");
    });
    const result = await client(api).raw.GET("/datasets/");
    expect(result.error).toBe("<html>no access here</html>");
    expect(result.data).toBeUndefined();
    expect(result.response.status).toBe(403);
  });

  it("resolves a 204 with data and error undefined", async () => {
    const api = await serve(({ res }) => {
      res.writeHead(204);
      res.end();
    });
    const result = await client(api).raw.DELETE("/webhooks/{uid}/", { params: { path: { uid: "w1" } } });
    expect(result.response.status).toBe(204);
    expect(result.data).toBeUndefined();
    expect(result.error).toBeUndefined();
    expect(api.received.map((r) => `${r.method} ${r.url}`)).toEqual(["DELETE /api/v1/webhooks/w1/"]);
  });

  it("resolves a HEAD (through the untyped request: no operation has one) with no data", async () => {
    const api = await jsonServer(200, DATASET);
    const raw = client(api).raw as unknown as {
      request: (method: string, path: string) => ReturnType<LooseRawCall>;
    };
    const result = await raw.request("head", "/datasets/");
    expect(result.response.status).toBe(200);
    expect(Number(result.response.headers.get("content-length"))).toBeGreaterThan(0);
    expect(result.data).toBeUndefined();
    expect(result.error).toBeUndefined();
    expect(api.received.map((r) => r.method)).toEqual(["HEAD"]);
  });

  it("resolves a 200 with content-length: 0 with data undefined", async () => {
    const api = await serve(({ res }) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "0" });
      res.end();
    });
    const result = await client(api).raw.GET("/datasets/{uid}/", { params: { path: { uid: DATASET.uid } } });
    expect(result.response.status).toBe(200);
    expect(result.data).toBeUndefined();
    expect(result.error).toBeUndefined();
  });

  it("calls any method by name with raw.request", async () => {
    const api = await jsonServer(200, DATASET);
    const result = await client(api).raw.request("get", "/datasets/{uid}/", {
      params: { path: { uid: DATASET.uid } },
    });
    expect(result.data).toEqual(DATASET);
    expect(api.received.map((r) => `${r.method} ${r.url}`)).toEqual([`GET /api/v1/datasets/${DATASET.uid}/`]);
  });

  it("rejects with an APIConnectionError when the connection fails and no middleware handles it", async () => {
    const api = await droppingServer();
    const error = await client(api)
      .raw.GET("/datasets/")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(api.received).toHaveLength(1);
  });
});

describe("raw parseAs", () => {
  const bytesServer = () =>
    serve(({ res }) => {
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": BYTES.length });
      res.end(Buffer.from(BYTES));
    });

  it('"text" resolves the body as a string', async () => {
    const api = await serve(({ res }) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("hello, raw — ünïcode");
    });
    const { data } = await client(api).raw.GET("/exports/{uid}/", {
      params: { path: { uid: EXPORT_UID } },
      parseAs: "text",
    });
    expect(data).toBe("hello, raw — ünïcode");
  });

  it('"text" resolves a JSON body unparsed', async () => {
    const api = await jsonServer(200, DATASET);
    const { data } = await client(api).raw.GET("/datasets/{uid}/", {
      params: { path: { uid: DATASET.uid } },
      parseAs: "text",
    });
    expect(data).toBe(JSON.stringify(DATASET));
  });

  it('"blob" resolves a Blob of the bytes', async () => {
    const api = await bytesServer();
    const { data } = await client(api).raw.GET("/exports/{uid}/", {
      params: { path: { uid: EXPORT_UID } },
      parseAs: "blob",
    });
    expect(data).toBeInstanceOf(Blob);
    const blob = data as Blob;
    expect(blob.size).toBe(BYTES.length);
    expect([...new Uint8Array(await blob.arrayBuffer())]).toEqual(BYTES);
  });

  it('"arrayBuffer" resolves an ArrayBuffer of the bytes', async () => {
    const api = await bytesServer();
    const { data } = await client(api).raw.GET("/exports/{uid}/", {
      params: { path: { uid: EXPORT_UID } },
      parseAs: "arrayBuffer",
    });
    expect(data).toBeInstanceOf(ArrayBuffer);
    expect([...new Uint8Array(data as ArrayBuffer)]).toEqual(BYTES);
  });

  it('"stream" resolves a ReadableStream that reads to the bytes', async () => {
    const api = await bytesServer();
    const { data } = await client(api).raw.GET("/exports/{uid}/", {
      params: { path: { uid: EXPORT_UID } },
      parseAs: "stream",
    });
    expect(data).toBeInstanceOf(ReadableStream);
    expect(await readAll(data as ReadableStream<Uint8Array>)).toEqual(BYTES);
  });

  it('"json" of an empty chunked body (no content-length) resolves data undefined', async () => {
    const api = await serve(({ res }) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.flushHeaders(); // headers go out without a length, so the (empty) body is chunked
      res.end();
    });
    const result = await client(api).raw.GET("/datasets/{uid}/", {
      params: { path: { uid: DATASET.uid } },
      parseAs: "json",
    });
    expect(result.response.status).toBe(200);
    expect(result.response.headers.get("content-length")).toBeNull();
    expect(result.data).toBeUndefined();
    expect(result.error).toBeUndefined();
  });
});

// Every request-building case runs through avala.raw and through the throwing methods (which send plain data for
// text bodies and build a Request for the rest): both must put the same on the wire.
describe.each(["raw", "throwing"] as const)("request building (%s)", (via) => {
  const setup = async (options: Partial<ClientOptions> = {}) => {
    const api = await jsonServer(200, { ok: true });
    const avala = client(api, options);
    return { api, call: via === "raw" ? looseRaw(avala) : looseThrowing(avala) };
  };

  it("encodes a path parameter with a space or a slash into its one segment", async () => {
    const { api, call } = await setup();
    await call.GET("/exports/{uid}/", { params: { path: { uid: "a b/c" } } });
    expect(api.received.map((r) => r.url)).toEqual(["/api/v1/exports/a%20b%2Fc/"]);
  });

  it("serializes query arrays as form/explode and objects as deepObject by default", async () => {
    const { api, call } = await setup();
    await call.GET("/datasets/", {
      params: { query: { status: ["a", "b"], filter: { kind: "lidar", n: 2 }, name: "x y&z" } },
    });
    expect(api.received.map((r) => r.url)).toEqual([
      "/api/v1/datasets/?status=a&status=b&filter[kind]=lidar&filter[n]=2&name=x%20y%26z",
    ]);
  });

  it("leaves out undefined and null query values and empty arrays", async () => {
    const { api, call } = await setup();
    await call.GET("/datasets/", { params: { query: { a: undefined, b: null, c: [], d: "1" } } });
    expect(api.received.map((r) => r.url)).toEqual(["/api/v1/datasets/?d=1"]);
  });

  it("uses querySerializer given as a function, called with the query params", async () => {
    const { api, call } = await setup();
    const seen: unknown[] = [];
    await call.GET("/datasets/", {
      params: { query: { name: "n", limit: 5 } },
      querySerializer: (query: unknown) => {
        seen.push(query);
        return "custom=1";
      },
    });
    expect(seen).toEqual([{ name: "n", limit: 5 }]);
    expect(api.received.map((r) => r.url)).toEqual(["/api/v1/datasets/?custom=1"]);
  });

  it("uses querySerializer given as an object as options of the default serializer", async () => {
    const { api, call } = await setup();
    await call.GET("/datasets/", {
      params: { query: { status: ["a", "b"], filter: { kind: "lidar" } } },
      querySerializer: { array: { style: "form", explode: false }, object: { style: "form", explode: true } },
    });
    expect(api.received.map((r) => r.url)).toEqual(["/api/v1/datasets/?status=a,b&kind=lidar"]);
  });

  it("uses a per-call pathSerializer, given the base URL joined to the templated path and the path params", async () => {
    const { api, call } = await setup();
    const seen: unknown[][] = [];
    await call.GET("/exports/{uid}/", {
      params: { path: { uid: "e1" } },
      pathSerializer: (url: string, params: Record<string, unknown>) => {
        seen.push([url, params]);
        return url.replace("{uid}", `custom-${String(params.uid)}`);
      },
    });
    expect(seen).toEqual([[`${api.baseUrl}/exports/{uid}/`, { uid: "e1" }]]);
    expect(api.received.map((r) => r.url)).toEqual(["/api/v1/exports/custom-e1/"]);
  });

  it("sends a JSON body with content-type application/json", async () => {
    const { api, call } = await setup();
    const body = { name: "Highway – v3", datasets: [DATASET.uid], format: "YOLO" };
    await call.POST("/exports/", { body });
    expect(api.received).toHaveLength(1);
    const [sent] = api.received;
    expect(sent!.method).toBe("POST");
    expect(sent!.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(sent!.body)).toEqual(body);
  });

  it("sends no content-type without a body", async () => {
    const { api, call } = await setup();
    await call.GET("/datasets/");
    expect(api.received[0]!.headers["content-type"]).toBeUndefined();
    expect(api.received[0]!.body).toBe("");
  });

  it("sends a FormData body as multipart/form-data, not JSON", async () => {
    const { api, call } = await setup();
    const form = new FormData();
    form.append("name", "uploaded");
    form.append("file", new Blob(["file-bytes"], { type: "text/plain" }), "a.txt");
    await call.POST("/exports/", { body: form });
    const [sent] = api.received;
    const contentType = String(sent!.headers["content-type"]);
    expect(contentType).toMatch(/^multipart\/form-data; boundary=/);
    const boundary = contentType.split("boundary=")[1]!;
    expect(sent!.body).toContain(`--${boundary}`);
    expect(sent!.body).toContain('name="name"');
    expect(sent!.body).toContain("uploaded");
    expect(sent!.body).toContain('filename="a.txt"');
    expect(sent!.body).toContain("file-bytes");
  });

  it("sends a body urlencoded when the content-type header asks for a form", async () => {
    const { api, call } = await setup();
    await call.POST("/exports/", {
      body: { name: "n v", format: "YOLO" },
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    const [sent] = api.received;
    expect(sent!.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(sent!.body).toBe("name=n+v&format=YOLO");
  });

  it("serializes the body with a custom bodySerializer", async () => {
    const { api, call } = await setup();
    const seen: unknown[] = [];
    await call.POST("/exports/", {
      body: { name: "n" },
      bodySerializer: (body: unknown) => {
        seen.push(body);
        return `custom:${JSON.stringify(body)}`;
      },
    });
    expect(seen).toEqual([{ name: "n" }]);
    const [sent] = api.received;
    expect(sent!.body).toBe('custom:{"name":"n"}');
    // Observed: the JSON content type is still set for a string from a custom serializer.
    expect(sent!.headers["content-type"]).toBe("application/json");
  });

  it("sends client headers, the default Accept, and call headers as a plain object or a Headers instance", async () => {
    const { api, call } = await setup({ headers: { "x-team": "a" } });
    await call.GET("/datasets/");
    await call.GET("/datasets/", { headers: { "x-call": "plain", "x-num": 7 } });
    await call.GET("/datasets/", { headers: new Headers({ "x-call": "instance" }) });
    const h = api.received.map((r) => r.headers);
    expect(h.map((x) => x.accept)).toEqual(["application/json", "application/json", "application/json"]);
    expect(h.map((x) => x["x-team"])).toEqual(["a", "a", "a"]);
    expect(h.map((x) => x["x-call"])).toEqual([undefined, "plain", "instance"]);
    expect(h[1]!["x-num"]).toBe("7");
  });

  it("lets a call header override a client header, and null remove it", async () => {
    const { api, call } = await setup({ headers: { "x-team": "a" } });
    await call.GET("/datasets/", { headers: { "x-team": "b" } });
    await call.GET("/datasets/", { headers: { "x-team": null } });
    expect(api.received.map((r) => r.headers["x-team"])).toEqual(["b", undefined]);
  });

  it("sends params.header values, over headers of the same name", async () => {
    const { api, call } = await setup();
    await call.GET("/datasets/", {
      headers: { "x-param": "from-headers", "x-other": "o" },
      params: { header: { "x-param": "from-params" } },
    });
    expect(api.received[0]!.headers["x-param"]).toBe("from-params");
    expect(api.received[0]!.headers["x-other"]).toBe("o");
  });
});

describe("the API key on raw calls", () => {
  it("travels only in the X-Avala-Api-Key header, never in the URL, replacing one set by the caller", async () => {
    const api = await jsonServer(200, { next: null, previous: null, results: [] });
    const avala = client(api);
    await avala.raw.GET("/datasets/", { params: { query: { name: "x" } } });
    await avala.raw.GET("/datasets/", { headers: { "X-Avala-Api-Key": "avk_injected" } });
    expect(api.received.map((r) => r.headers["x-avala-api-key"])).toEqual([KEY, KEY]);
    for (const r of api.received) expect(r.url).not.toContain(KEY);
  });
});

describe("middleware", () => {
  it("onRequest can add a header and sees schemaPath, params, options.baseUrl and an id shared with onResponse", async () => {
    const api = await jsonServer(200, DATASET);
    const seen: Record<string, unknown>[] = [];
    const mw: Middleware = {
      onRequest({ request, schemaPath, params, options, id }) {
        seen.push({ hook: "request", schemaPath, params, baseUrl: options.baseUrl, id, url: request.url });
        request.headers.set("x-from-middleware", "1");
      },
      onResponse({ response, schemaPath, id }) {
        seen.push({ hook: "response", schemaPath, id, status: response.status });
      },
    };
    const avala = client(api, { middleware: [mw] });
    const { data } = await avala.raw.GET("/datasets/{uid}/", { params: { path: { uid: DATASET.uid } } });
    expect(data).toEqual(DATASET);
    expect(api.received[0]!.headers["x-from-middleware"]).toBe("1");
    expect(seen).toHaveLength(2);
    const [req, res] = seen;
    expect(req).toMatchObject({
      hook: "request",
      schemaPath: "/datasets/{uid}/",
      params: { path: { uid: DATASET.uid } },
      baseUrl: api.baseUrl,
      url: `${api.baseUrl}/datasets/${DATASET.uid}/`,
    });
    expect(res).toMatchObject({ hook: "response", schemaPath: "/datasets/{uid}/", status: 200 });
    expect(typeof req!.id).toBe("string");
    expect(req!.id).not.toBe("");
    expect(res!.id).toBe(req!.id);

    // Another call gets another id.
    await avala.raw.GET("/datasets/{uid}/", { params: { path: { uid: DATASET.uid } } });
    expect(seen[2]!.id).not.toBe(req!.id);
    expect(seen[3]!.id).toBe(seen[2]!.id);
  });

  it("onRequest sees the default headers but not the API key, which is added below middleware", async () => {
    const api = await jsonServer(200, DATASET);
    const seen: (string | null)[] = [];
    const avala = client(api, {
      headers: { "x-team": "a" },
      middleware: [
        {
          onRequest({ request }) {
            seen.push(
              request.headers.get("accept"),
              request.headers.get("x-team"),
              request.headers.get("x-avala-api-key"),
            );
          },
        },
      ],
    });
    await avala.raw.GET("/datasets/");
    expect(seen).toEqual(["application/json", "a", null]);
    expect(api.received[0]!.headers["x-avala-api-key"]).toBe(KEY);
  });

  it("onRequest returning a new Request replaces the request", async () => {
    const api = await jsonServer(200, DATASET);
    const avala = client(api, {
      middleware: [
        {
          onRequest({ request }) {
            const url = new URL(request.url);
            url.searchParams.set("name", "replaced");
            return new Request(url, { method: request.method, headers: { "x-replaced": "yes" } });
          },
        },
      ],
    });
    await avala.raw.GET("/datasets/", { params: { query: { name: "original" } } });
    expect(api.received).toHaveLength(1);
    expect(api.received[0]!.url).toBe("/api/v1/datasets/?name=replaced");
    expect(api.received[0]!.headers["x-replaced"]).toBe("yes");
    expect(api.received[0]!.headers["x-avala-api-key"]).toBe(KEY);
  });

  it("onRequest returning a Response short-circuits: nothing is sent and that response is the result", async () => {
    const api = await jsonServer(200, DATASET);
    const onResponse: string[] = [];
    const avala = client(api, {
      middleware: [
        {
          onRequest: () =>
            new Response(JSON.stringify({ cached: true }), {
              status: 200,
              headers: { "content-type": "application/json", "x-cache": "hit" },
            }),
          onResponse: () => {
            onResponse.push("called");
          },
        },
      ],
    });
    const result = await avala.raw.GET("/datasets/");
    expect(result.data).toEqual({ cached: true });
    expect(result.response.headers.get("x-cache")).toBe("hit");
    // Observed: onResponse is not called for a response returned by onRequest.
    expect(onResponse).toEqual([]);
    expect(await avala.GET("/datasets/")).toEqual({ cached: true });
    expect(api.received).toHaveLength(0);
  });

  it("onResponse sees the response and can replace it", async () => {
    const api = await jsonServer(200, DATASET, { "x-request-id": "req-9" });
    const seen: unknown[] = [];
    const avala = client(api, {
      middleware: [
        {
          async onResponse({ response }) {
            seen.push(response.status, response.headers.get("x-request-id"), await response.clone().json());
            return new Response(JSON.stringify({ replaced: true }), {
              status: 200,
              headers: { "content-type": "application/json" },
            });
          },
        },
      ],
    });
    const result = await avala.raw.GET("/datasets/{uid}/", { params: { path: { uid: DATASET.uid } } });
    expect(seen).toEqual([200, "req-9", DATASET]);
    expect(result.data).toEqual({ replaced: true });
    expect(await avala.GET("/datasets/{uid}/", { params: { path: { uid: DATASET.uid } } })).toEqual({
      replaced: true,
    });
  });

  it("onResponse can turn a success into an error status that raw reports as error", async () => {
    const api = await jsonServer(200, DATASET);
    const avala = client(api, {
      middleware: [
        {
          onResponse: () =>
            new Response(JSON.stringify({ detail: "hidden" }), {
              status: 404,
              headers: { "content-type": "application/json" },
            }),
        },
      ],
    });
    const result = await avala.raw.GET("/datasets/");
    expect(result.error).toEqual({ detail: "hidden" });
    expect(result.data).toBeUndefined();
    const error = await avala.GET("/datasets/").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toContain("hidden");
  });

  it("runs onRequest in order and onResponse in reverse order", async () => {
    const api = await jsonServer(200, DATASET);
    const order: string[] = [];
    const named = (name: string): Middleware => ({
      onRequest() {
        order.push(`request ${name}`);
      },
      onResponse() {
        order.push(`response ${name}`);
      },
    });
    await client(api, { middleware: [named("A"), named("B")] }).raw.GET("/datasets/");
    expect(order).toEqual(["request A", "request B", "response B", "response A"]);
  });

  it("onError is called when the connection fails and can return a Response that becomes the result", async () => {
    const api = await droppingServer();
    const seen: unknown[] = [];
    const avala = client(api, {
      middleware: [
        {
          onError({ error, schemaPath, request }) {
            seen.push(error, schemaPath, request.method);
            return new Response(JSON.stringify({ fallback: true }), {
              status: 200,
              headers: { "content-type": "application/json" },
            });
          },
          onResponse({ response }) {
            seen.push(`onResponse ${response.status}`);
          },
        },
      ],
    });
    const result = await avala.raw.GET("/datasets/");
    expect(result.data).toEqual({ fallback: true });
    expect(seen[0]).toBeInstanceOf(APIConnectionError);
    expect(seen.slice(1, 3)).toEqual(["/datasets/", "GET"]);
    // Observed: onResponse then runs on the Response that onError returned.
    expect(seen.slice(3)).toEqual(["onResponse 200"]);
    expect(await avala.GET("/datasets/")).toEqual({ fallback: true });
    expect(api.received).toHaveLength(2);
  });

  it("onError returning an Error makes the call reject with it, in reverse order of the middleware", async () => {
    const api = await droppingServer();
    const order: string[] = [];
    const replaced = new Error("replaced by middleware");
    const avala = client(api, {
      middleware: [
        {
          onError({ error }) {
            order.push(`A saw ${(error as Error).message}`);
          },
        },
        {
          onError({ error }) {
            order.push(`B saw ${error instanceof APIConnectionError ? "APIConnectionError" : "other"}`);
            return replaced;
          },
        },
      ],
    });
    await expect(avala.raw.GET("/datasets/")).rejects.toBe(replaced);
    expect(order).toEqual(["B saw APIConnectionError", "A saw replaced by middleware"]);
    await expect(avala.GET("/datasets/")).rejects.toBe(replaced);
  });

  it("a middleware added with use() applies to later calls and eject() removes it", async () => {
    const api = await jsonServer(200, DATASET);
    const avala = client(api);
    const mw: Middleware = {
      onRequest({ request }) {
        request.headers.set("x-used", "1");
      },
    };
    await avala.raw.GET("/datasets/");
    avala.use(mw);
    await avala.raw.GET("/datasets/");
    await avala.GET("/datasets/");
    avala.eject(mw);
    await avala.raw.GET("/datasets/");
    await avala.GET("/datasets/");
    expect(api.received.map((r) => r.headers["x-used"])).toEqual([undefined, "1", "1", undefined, undefined]);
  });

  it("raw.use and raw.eject share the client's middleware list", async () => {
    const api = await jsonServer(200, DATASET);
    const avala = client(api);
    const mw: Middleware = {
      onRequest({ request }) {
        request.headers.set("x-used", "raw");
      },
    };
    avala.raw.use(mw);
    await avala.GET("/datasets/");
    avala.raw.eject(mw);
    await avala.GET("/datasets/");
    avala.use(mw);
    avala.raw.eject(mw);
    await avala.raw.GET("/datasets/");
    expect(api.received.map((r) => r.headers["x-used"])).toEqual(["raw", undefined, undefined]);
  });

  it("per-call middleware applies to that call only, after the client's middleware", async () => {
    const api = await jsonServer(200, DATASET);
    const order: string[] = [];
    const avala = client(api, {
      middleware: [
        {
          onRequest() {
            order.push("client");
          },
        },
      ],
    });
    const perCall: Middleware = {
      onRequest({ request }) {
        order.push("call");
        request.headers.set("x-per-call", "1");
      },
    };
    await avala.raw.GET("/datasets/", { middleware: [perCall] });
    await avala.raw.GET("/datasets/");
    await avala.GET("/datasets/", { middleware: [perCall] });
    await avala.GET("/datasets/");
    expect(api.received.map((r) => r.headers["x-per-call"])).toEqual(["1", undefined, "1", undefined]);
    expect(order).toEqual(["client", "call", "client", "client", "call", "client"]);
  });

  it("per-call middleware works on a client without any middleware of its own", async () => {
    const api = await jsonServer(200, DATASET);
    const avala = client(api);
    const perCall: Middleware = {
      onRequest({ request }) {
        request.headers.set("x-per-call", "1");
      },
    };
    await avala.GET("/datasets/", { middleware: [perCall] });
    await avala.GET("/datasets/");
    expect(api.received.map((r) => r.headers["x-per-call"])).toEqual(["1", undefined]);
  });

  it("runs for the throwing methods", async () => {
    const api = await jsonServer(200, DATASET);
    const seen: string[] = [];
    const avala = client(api, {
      middleware: [
        {
          onRequest({ request, schemaPath }) {
            seen.push(`${request.method} ${schemaPath}`);
            request.headers.set("x-mw", "1");
          },
          onResponse({ response }) {
            seen.push(`status ${response.status}`);
          },
        },
      ],
    });
    expect(await avala.GET("/datasets/{uid}/", { params: { path: { uid: DATASET.uid } } })).toEqual(DATASET);
    await avala.POST("/exports/", { body: { name: "n" } });
    expect(seen).toEqual(["GET /datasets/{uid}/", "status 200", "POST /exports/", "status 200"]);
    expect(api.received.map((r) => r.headers["x-mw"])).toEqual(["1", "1"]);
  });

  it("runs for every page of paginate()", async () => {
    const api = await serve(({ req, res }) => {
      const origin = `http://${req.headers.host}`;
      if (req.url === "/api/v1/datasets/?limit=1") {
        json(res, 200, page(origin, [{ ...DATASET, name: "first" }], "/api/v1/datasets/?cursor=c1&limit=1"));
      } else {
        json(res, 200, page(origin, [{ ...DATASET, name: "second" }], null));
      }
    });
    const seen: string[] = [];
    const avala = client(api, {
      middleware: [
        {
          onRequest({ request, schemaPath }) {
            seen.push(`${schemaPath} ${request.url}`);
            request.headers.set("x-mw", "1");
          },
        },
      ],
    });
    const names: string[] = [];
    for await (const dataset of avala.paginate("/datasets/", { params: { query: { limit: 1 } } })) {
      names.push(dataset.name);
    }
    expect(names).toEqual(["first", "second"]);
    expect(api.received.map((r) => r.url)).toEqual([
      "/api/v1/datasets/?limit=1",
      "/api/v1/datasets/?cursor=c1&limit=1",
    ]);
    expect(api.received.map((r) => r.headers["x-mw"])).toEqual(["1", "1"]);
    expect(seen).toEqual([
      `/datasets/ ${api.baseUrl}/datasets/?limit=1`,
      `/datasets/ ${api.baseUrl}/datasets/?cursor=c1&limit=1`,
    ]);
  });
});

describe("throwing methods with parseAs or middleware (the Request path)", () => {
  it('GET with parseAs: "text" resolves the body as text', async () => {
    const api = await jsonServer(200, DATASET);
    const text = await client(api).GET("/datasets/{uid}/", {
      params: { path: { uid: DATASET.uid } },
      parseAs: "text",
    });
    expect(text).toBe(JSON.stringify(DATASET));
  });

  it('GET with parseAs: "arrayBuffer" resolves the bytes', async () => {
    const api = await serve(({ res }) => {
      res.writeHead(200, { "content-type": "application/octet-stream" });
      res.end(Buffer.from(BYTES));
    });
    const data = await client(api).GET("/exports/{uid}/", {
      params: { path: { uid: EXPORT_UID } },
      parseAs: "arrayBuffer",
    });
    expect(data).toBeInstanceOf(ArrayBuffer);
    expect([...new Uint8Array(data as ArrayBuffer)]).toEqual(BYTES);
  });

  it('GET with parseAs: "text" still throws NotFoundError with the detail on a 404', async () => {
    const api = await jsonServer(404, { detail: "No export with that uid." });
    const error = await client(api)
      .GET("/exports/{uid}/", { params: { path: { uid: EXPORT_UID } }, parseAs: "text" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toContain("No export with that uid.");
  });

  const withAndWithout = [
    ["without middleware", () => ({})],
    [
      "with middleware",
      () => ({
        middleware: [
          {
            onRequest({ request }: { request: Request }) {
              request.headers.set("x-mw", "1");
            },
          },
        ],
      }),
    ],
  ] as const;

  it.each(withAndWithout)("a 404 throws NotFoundError with the server's detail (%s)", async (_, options) => {
    const api = await jsonServer(404, { detail: "Dataset 3f2c not found." });
    const error = await client(api, options())
      .GET("/datasets/{uid}/", { params: { path: { uid: DATASET.uid } } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).status).toBe(404);
    expect((error as Error).message).toContain("Dataset 3f2c not found.");
    expect((error as Error).message).toContain(`/api/v1/datasets/${DATASET.uid}/`);
  });

  it.each(withAndWithout)("a 200 with broken JSON throws APIResponseParseError (%s)", async (_, options) => {
    const api = await serve(({ res }) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"uid": "3f2c', "utf8");
    });
    const error = await client(api, options())
      .GET("/datasets/{uid}/", { params: { path: { uid: DATASET.uid } } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIResponseParseError);
    expect((error as APIResponseParseError).status).toBe(200);
    expect((error as APIResponseParseError).contentType).toBe("application/json");
  });

  it.each(withAndWithout)("a 200 with an empty body resolves undefined (%s)", async (_, options) => {
    const api = await serve(({ res }) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end();
    });
    const data = await client(api, options()).GET("/datasets/{uid}/", {
      params: { path: { uid: DATASET.uid } },
    });
    expect(data).toBeUndefined();
  });

  it.each(withAndWithout)("retries a 503 and resolves the retry's data (%s)", async (_, options) => {
    const api = await serve(({ res, n }) =>
      n === 0 ? json(res, 503, { detail: "busy" }) : json(res, 200, DATASET),
    );
    const avala = client(api, {
      ...options(),
      maxRetries: 1,
      retry: { initialDelayMs: 0, maxDelayMs: 0 },
    });
    expect(await avala.GET("/datasets/{uid}/", { params: { path: { uid: DATASET.uid } } })).toEqual(DATASET);
    expect(api.received).toHaveLength(2);
  });

  it("retries happen below middleware: onRequest and onResponse run once for a retried call", async () => {
    const api = await serve(({ res, n }) =>
      n === 0 ? json(res, 503, { detail: "busy" }) : json(res, 200, DATASET),
    );
    const hooks: string[] = [];
    const avala = client(api, {
      maxRetries: 1,
      retry: { initialDelayMs: 0, maxDelayMs: 0 },
      middleware: [
        {
          onRequest({ request }) {
            hooks.push("request");
            request.headers.set("x-mw", "1");
          },
          onResponse({ response }) {
            hooks.push(`response ${response.status}`);
          },
        },
      ],
    });
    await avala.GET("/datasets/{uid}/", { params: { path: { uid: DATASET.uid } } });
    expect(hooks).toEqual(["request", "response 200"]);
    expect(api.received.map((r) => r.headers["x-mw"])).toEqual(["1", "1"]);
  });
});
