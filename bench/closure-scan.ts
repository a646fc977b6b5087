/**
 * Reference scanning throughput on a large generated output, against grep over the same bytes.
 *
 *   npx tsx bench/closure-scan.ts [megabytes=400] [files=4000]
 *
 * The output mixes binary files (random bytes, like stripped code) and text files (headers,
 * scripts, .pc files), with ~200 candidate hashes, a few planted. Each tool runs once to warm
 * the page cache, then is timed on a second run.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildMachinePaths } from "../harness/closure/index.ts";
import { scanOutput } from "../harness/closure/index.ts";
import { storePath, type StoreObject } from "../harness/closure/index.ts";
import { derivation } from "../harness/closure/testFixtures.ts";

const megabytes = Number(process.argv[2] ?? 400);
const fileCount = Number(process.argv[3] ?? 4000);
const candidates: StoreObject[] = Array.from({ length: 200 }, (_, i) => derivation(`dep${i}`, "1.0", "aarch64-unknown-linux-gnu"));
const output = candidates[0]!;
const textLine = (i: number): string => `#define CONFIG_${i}_enabled 1 /* see ${storePath(candidates[1 + (i % 7)]!)}/include for details */ static int value_${i};\n`;

async function generate(root: string): Promise<number> {
  const average = Math.floor((megabytes * 1024 * 1024) / fileCount);
  let bytes = 0;
  for (let i = 0; i < fileCount; i++) {
    const dir = join(root, `d${i % 50}`);
    await mkdir(dir, { recursive: true });
    // Sizes from tiny to about twice the average, as in real outputs.
    const size = Math.max(64, Math.floor(average * (0.05 + 1.9 * ((i * 7919) % 1000) / 1000)));
    let content: Buffer;
    if (i % 10 < 7) {
      content = randomBytes(size);
      if (i % 100 === 0) content.write(storePath(candidates[(i / 100) % 200]!), Math.floor(size / 2), "latin1");
    } else {
      const lines: string[] = [];
      for (let n = 0, length = 0; length < size; n++) length += (lines[n] = textLine(n)).length;
      content = Buffer.from(lines.join("").slice(0, size), "latin1");
    }
    await writeFile(join(dir, `f${i}`), content);
    bytes += content.length;
  }
  return bytes;
}

function timeGrep(args: string[]): { seconds: number; status: number | null } {
  spawnSync("grep", args, { env: { ...process.env, LC_ALL: "C" }, maxBuffer: 1 << 28 });
  const start = process.hrtime.bigint();
  const { status } = spawnSync("grep", args, { env: { ...process.env, LC_ALL: "C" }, maxBuffer: 1 << 28 });
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, status };
}

async function timeScan(directory: string, paths: string[]): Promise<{ seconds: number; references: number }> {
  const request = { object: output, directory, candidates, buildMachinePaths: paths };
  await scanOutput(request);
  const start = process.hrtime.bigint();
  const scan = await scanOutput(request);
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, references: scan.references.length };
}

const root = await mkdtemp(join(tmpdir(), "crosscheck-bench-"));
try {
  const directory = join(root, "out");
  const bytes = await generate(directory);
  const hashFile = join(root, "hashes");
  await writeFile(hashFile, candidates.map((c) => c.id).join("\n") + "\n");
  const mb = bytes / 1e6;
  const rate = (seconds: number): string => `${(mb / seconds).toFixed(0).padStart(5)} MB/s  (${seconds.toFixed(2)} s)`;
  const paths = buildMachinePaths({ buildDirectory: "/build", home: "/home/builder", toolchainTriples: ["aarch64-linux-gnu"] });

  console.log(`output: ${fileCount} files, ${mb.toFixed(0)} MB; ${candidates.length} candidate hashes; node ${process.version}; ${execFileSync("grep", ["--version"]).toString().split("\n")[0]}`);
  const hashesOnly = await timeScan(directory, []);
  console.log(`scanOutput, hashes only                  ${rate(hashesOnly.seconds)}  ${hashesOnly.references} references`);
  const full = await timeScan(directory, paths);
  console.log(`scanOutput, hashes + ${paths.length} build paths + ELF ${rate(full.seconds)}`);
  console.log(`grep -rc -F -f hashes (200 hashes)       ${rate(timeGrep(["-rc", "-F", "-f", hashFile, directory]).seconds)}`);
  console.log(`grep -rc HASH (one hash)                 ${rate(timeGrep(["-rc", output.id, directory]).seconds)}`);
} finally {
  await rm(root, { recursive: true, force: true });
}
