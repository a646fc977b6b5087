/**
 * Everything a run needs before its first cell: the engine and QEMU provisioned (installed and
 * started when missing and allowed), the base image, and no containers left by runs that died.
 * Used by `doctor --fix` and by every run, so both repair the same way.
 */
import { ensureBaseImage } from "../images/baseImage.ts";
import { provision } from "./provision.ts";
import { sweepLeftovers } from "../containers/session.ts";

export async function provisionForRun(log: (line: string) => void): Promise<void> {
  const started = Date.now();
  const provisioned = await provision({ onStep: (what) => log(`… ${what}`) });
  for (const step of provisioned.steps) if (step.changed) log(`fixed ${step.what} (${(step.ms / 1000).toFixed(1)}s)`);
  const base = await ensureBaseImage({ onProgress: (line) => log(`… ${line}`) });
  if (base.built) log(`built base image ${base.tag} (${(base.buildMs / 1000).toFixed(1)}s)`);
  const swept = await sweepLeftovers();
  if (swept.length > 0) log(`removed ${swept.length} container(s) left by runs that are gone`);
  log(`prerequisites ready in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}
