import { extname } from "node:path";

// The formats datasets are made of; anything else is sent as application/octet-stream.
const TYPES: Record<string, string> = {
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".png": "image/png",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".bmp": "image/bmp",
  ".tif": "image/tiff",
  ".tiff": "image/tiff",
  ".mp4": "video/mp4",
  ".mov": "video/quicktime",
  ".avi": "video/x-msvideo",
  ".mkv": "video/x-matroska",
  ".webm": "video/webm",
  ".json": "application/json",
  ".jsonl": "application/x-ndjson",
  ".csv": "text/csv",
  ".txt": "text/plain",
  ".xml": "application/xml",
  ".yaml": "application/yaml",
  ".yml": "application/yaml",
  ".zip": "application/zip",
  ".pcd": "application/octet-stream",
  ".bin": "application/octet-stream",
  ".mcap": "application/octet-stream",
  ".ply": "application/octet-stream",
  ".las": "application/octet-stream",
  ".laz": "application/octet-stream",
};

/** Content type of a file from its extension, else `application/octet-stream`. */
export function guessContentType(path: string): string {
  return TYPES[extname(path).toLowerCase()] ?? "application/octet-stream";
}
