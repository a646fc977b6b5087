import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The conformance vectors live in the shared folder beside the repository root. */
const vectorsDir = fileURLToPath(new URL("../../suites/conformance/", import.meta.url));

export function loadVectors<T>(file: string): T {
  return JSON.parse(readFileSync(vectorsDir + file, "utf8")) as T;
}
