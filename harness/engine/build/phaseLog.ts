/**
 * A build log cut into its phases, using the marker lines the build script prints
 * (`@@crosscheck-phase <name> <epoch seconds>`), so a failure names its phase and shows that
 * phase's own log.
 */
import { phaseMarker } from "./buildScript.ts";

export interface PhaseLog {
  name: string;
  /** Seconds since the epoch when the phase began, as the container's clock said. */
  startedAt: number;
  /** Seconds the phase took (until the next phase or the end of the log); null for the last. */
  seconds: number | null;
  text: string;
}

export function splitPhases(log: string): PhaseLog[] {
  const phases: PhaseLog[] = [];
  let current: PhaseLog = { name: "setup", startedAt: 0, seconds: null, text: "" };
  const lines: string[] = [];
  const close = () => {
    current.text = lines.join("\n");
    lines.length = 0;
    if (current.name !== "setup" || current.text.trim() !== "") phases.push(current);
  };
  for (const line of log.split("\n")) {
    if (line.startsWith(`${phaseMarker} `)) {
      const [, name = "?", at = "0"] = line.split(" ");
      const startedAt = Number(at);
      close();
      const previous = phases.at(-1);
      if (previous && previous.startedAt > 0) previous.seconds = startedAt - previous.startedAt;
      current = { name, startedAt, seconds: null, text: "" };
    } else {
      lines.push(line);
    }
  }
  close();
  return phases;
}

/** The last lines of a text: what a person reads first of a failing phase. */
export function tail(text: string, lines = 60): string {
  return text.split("\n").slice(-lines).join("\n");
}
