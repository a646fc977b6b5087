import { Document, isSeq, visit } from "yaml";
import { compareText } from "./closure.ts";
import type { CellSnapshot } from "./snapshot.ts";

/**
 * The one textual form of a snapshot. Keys come in a fixed order (a member reads
 * `{ pname, output, version, host, sizeKiB }`, not alphabetically; output only when not the default), file and link maps are sorted by path,
 * and each closure member and each NEEDED/RUNPATH/imports list stays on one line, so a change in a
 * review diff is one changed line. Long lines are never folded, for the same reason.
 */
export function snapshotToYaml(snapshot: CellSnapshot): string {
  const ordered: CellSnapshot = {
    ...snapshot,
    outputs: Object.fromEntries(
      Object.entries(snapshot.outputs).map(([name, output]) => [
        name,
        { ...output, elf: byPath(output.elf), ...(output.pe === undefined ? {} : { pe: byPath(output.pe) }), ...(output.symlinks === undefined ? {} : { symlinks: byPath(output.symlinks) }) },
      ]),
    ),
  };
  const document = new Document(ordered);
  document.commentBefore = ` crosscheck closure snapshot of ${snapshot.cell}\n accept changes with: crosscheck run --update-snapshots (never edit by hand)`;
  visit(document, {
    Map(_, node, path) {
      const parent = path[path.length - 1];
      if (isSeq(parent)) node.flow = true;
    },
    Seq(_, node, path) {
      const owner = path[path.length - 1];
      const key = owner !== undefined && "key" in owner ? String(owner.key) : "";
      if (key === "needed" || key === "runpath" || key === "imports" || node.items.length === 0) node.flow = true;
    },
  });
  return document.toString({ lineWidth: 0, flowCollectionPadding: true });
}

function byPath<T>(files: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(files).sort(([a], [b]) => compareText(a, b)));
}
