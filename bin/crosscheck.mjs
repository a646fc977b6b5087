#!/usr/bin/env node
// The crosscheck command: TypeScript sources run through tsx, so a checkout needs no build step.
// Both of tsx's hooks: a user's project without "type": "module" has its crosscheck.config.ts
// and recipes compiled as CommonJS, and they import crosscheck's ES modules.
import { register as registerEsm } from "tsx/esm/api";
import { register as registerCjs } from "tsx/cjs/api";

registerEsm();
registerCjs();
const { main } = await import("../harness/cli/index.ts");
process.exitCode = await main(process.argv.slice(2));
