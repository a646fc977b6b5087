import type { Lib, Stdenv } from "../harness/planner/index.ts";

/**
 * The tool of Nixpkgs' removeReferencesTo: `remove-references-to -t STORE-PATH FILE...` overwrites
 * the hash part of each named store path in the files with e's, so the output no longer refers to
 * it (the scanner finds hashes, and eeee… is none). A recipe puts it in nativeBuildInputs and
 * runs it in postInstall, then guards the fix with disallowedReferences.
 */
const script = [
  "#!/bin/sh",
  "set -eu",
  'usage() { echo "usage: remove-references-to -t STORE-PATH [-t STORE-PATH]... FILE..." >&2; exit 2; }',
  'expression=""',
  "while getopts t: option; do",
  '  case "$option" in',
  "    t)",
  '      name=$(basename "$OPTARG")',
  "      hash=${name%%-*}",
  '      case "$hash" in',
  '        ????????????????????????????????) ;;',
  '        *) echo "remove-references-to: $OPTARG is not a store path (/crosscheck/store/<32-character hash>-<name>)" >&2; exit 2 ;;',
  "      esac",
  '      expression="$expression;s|$hash|eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee|g" ;;',
  "    *) usage ;;",
  "  esac",
  "done",
  "shift $((OPTIND - 1))",
  '[ -n "$expression" ] && [ "$#" -gt 0 ] || usage',
  'for file in "$@"; do sed -i "${expression#;}" "$file"; done',
  "",
].join("\n");

export default function removeReferencesTo({ stdenv, lib }: { stdenv: Stdenv; lib: Lib }) {
  return stdenv.mkDerivation({
    pname: "remove-references-to",
    version: "1.0",
    src: { kind: "inline", files: { "remove-references-to": script } },
    buildSystem: "custom",
    buildPhase: ":",
    installPhase: 'install -D -m 755 remove-references-to "$out/bin/remove-references-to"',
    doInstallCheck: true,
    installCheck: [
      "fake=/crosscheck/store/0123456789abcdfghijklmnpqrsvwxyz-fake-1.0",
      "probe=$(mktemp)",
      'printf "prefix=%s/lib\\n" "$fake" > "$probe"',
      '"$out/bin/remove-references-to" -t "$fake" "$probe"',
      "grep -qx 'prefix=/crosscheck/store/eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee-fake-1.0/lib' \"$probe\"",
    ].join("\n"),
    meta: {
      description: "Removes references to store paths from files, as Nixpkgs' removeReferencesTo",
      license: "MIT",
      platforms: lib.platforms.all,
    },
  });
}
