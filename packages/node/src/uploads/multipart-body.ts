import { randomBytes } from "node:crypto";
import { openAsBlob } from "node:fs";

/** A `multipart/form-data` body streamed from disk, with its exact length known up front. */
export interface MultipartBody {
  /** `multipart/form-data; boundary=…` */
  readonly contentType: string;
  /** Exact byte length (storage services such as S3 refuse chunked form uploads). */
  readonly length: number;
  /** The body, read lazily: the file is pulled one chunk at a time as the transport asks for it. */
  readonly chunks: AsyncIterable<Uint8Array>;
}

const encoder = new TextEncoder();

// Quote a name inside Content-Disposition as browsers do (WHATWG multipart/form-data encoding).
function quote(value: string): string {
  return value.replace(/\r/g, "%0D").replace(/\n/g, "%0A").replace(/"/g, "%22");
}

/**
 * Builds the presigned POST body: every form field first, in order, then the file as the part named `file`
 * (storage services ignore fields after the file). `onBytes` is called with each file chunk as the transport
 * takes it, so progress follows what is actually sent rather than what was read ahead.
 */
export function multipartBody(init: {
  fields: Record<string, string>;
  filePath: string;
  fileName: string;
  fileSize: number;
  fileContentType: string;
  onBytes?: (bytes: number) => void;
}): MultipartBody {
  const boundary = `----avala-${randomBytes(16).toString("hex")}`;
  let head = "";
  for (const [name, value] of Object.entries(init.fields)) {
    head += `--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"\r\n\r\n${value}\r\n`;
  }
  head +=
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${quote(init.fileName)}"\r\n` +
    `Content-Type: ${init.fileContentType}\r\n\r\n`;
  const headBytes = encoder.encode(head);
  const tailBytes = encoder.encode(`\r\n--${boundary}--\r\n`);

  async function* chunks(): AsyncGenerator<Uint8Array> {
    yield headBytes;
    // openAsBlob streams the file lazily and fails the read if the file is modified meanwhile.
    const reader = (await openAsBlob(init.filePath)).stream().getReader();
    let sent = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        sent += value.length;
        // A file that changed size would make the declared Content-Length a lie: fail instead.
        if (sent > init.fileSize) throw new Error(`${init.filePath} grew while it was being uploaded.`);
        yield value;
        init.onBytes?.(value.length);
      }
    } finally {
      await reader.cancel().catch(() => {});
    }
    if (sent !== init.fileSize) throw new Error(`${init.filePath} shrank while it was being uploaded.`);
    yield tailBytes;
  }

  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    length: headBytes.length + init.fileSize + tailBytes.length,
    chunks: { [Symbol.asyncIterator]: chunks },
  };
}
