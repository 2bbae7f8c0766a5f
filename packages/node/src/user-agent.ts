import { version } from "../package.json";

/** `User-Agent` of requests from this package: package and version, Node version, platform. */
export function userAgent(): string {
  return `avala-node/${version} (node ${process.version}; ${process.platform} ${process.arch})`;
}

/** Version of @avala/node. */
export const packageVersion: string = version;
