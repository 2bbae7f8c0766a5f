#!/usr/bin/env node
// Runs the TypeScript CLI through tsx so the tool needs no build step of its own.
import { register } from "tsx/esm/api";

register();
await import("../src/cli.ts");
