/**
 * Debian's archive as a source of recipes: `debian:SOURCE` is a Debian source package, read
 * from the machine's apt lists and its repositories' pools (archive.ts), drafted as a recipe
 * (debianDraft.ts).
 */
import type { ImportContext, RecipeSource } from "../source.ts";
import { machineArchive, type DebianArchive } from "./archive.ts";
import { draftFromSourcePackage } from "./debianDraft.ts";
import { readSourcePackage } from "./sourcePackage.ts";

export { archiveOf, binaryPackages, machineArchive, type BinaryPackage, type DebianArchive, type PoolLocation } from "./archive.ts";

/** The Debian source; `archive` is the machine's apt archive unless a test gives its own. */
export function debianSource(archive: () => Promise<DebianArchive> = machineArchive): RecipeSource {
  return {
    scheme: "debian",
    describes: "debian:SOURCE, a Debian source package from the machine's apt archive",
    async draft(name: string, context: ImportContext) {
      const debian = await archive();
      context.log(`debian:${name}: reading the source package${context.version === undefined ? "" : ` ${context.version}`}`);
      const pkg = await readSourcePackage(debian, name, { log: context.log, ...(context.version === undefined ? {} : { version: context.version }) });
      context.log(`debian:${name}: ${pkg.version}, ${pkg.tarball.file} (sha256 ${pkg.tarball.sha256.slice(0, 12)}… as ${pkg.dscFile} gives it)`);
      return draftFromSourcePackage(pkg, debian, context.catalog);
    },
  };
}
