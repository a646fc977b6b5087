/**
 * What `crosscheck init` writes: a project that runs green right away. One recipe of its own (a
 * small C program from an inline source), a matrix crossing it to three hosts, the project file,
 * a CI workflow and the ignore entries. Data only; the command writes it.
 */

export interface ScaffoldFile {
  path: string;
  text: string;
  /** Appended to an existing file (only the lines it lacks), rather than refused. */
  append?: boolean;
}

const config = `import { defineConfig } from "crosscheck";

export default defineConfig({
  // Recipe directories, one module per package (the file name is the attribute name); a later
  // directory overrides an earlier one, and all of them override crosscheck's built-in catalog.
  recipes: ["recipes"],
  // What \`npx crosscheck run\` runs when given no matrix.
  matrix: "matrices/cross.yaml",
});
`;

const recipe = `import type { Lib, Stdenv } from "crosscheck";

/**
 * greet: a small C program, its source inline. The make build system runs \`make\` and
 * \`make install\`; cross compiling, CC is the host's prefixed compiler (aarch64-unknown-linux-gnu-cc).
 */
export default function greet({ stdenv, lib }: { stdenv: Stdenv; lib: Lib }) {
  return stdenv.mkDerivation({
    pname: "greet",
    version: "1.0",
    src: {
      kind: "inline",
      files: {
        "greet.c": [
          "#include <stdio.h>",
          "int main(int argc, char **argv) {",
          '  printf("Hello from %s!\\\\n", argc > 1 ? argv[1] : "greet");',
          "  return 0;",
          "}",
          "",
        ].join("\\n"),
        Makefile: ["greet: greet.c", "\\t$(CC) -O2 -o $@ greet.c", "install: greet", '\\tmkdir -p "$(out)/bin"', '\\tcp greet "$(out)/bin/"', ""].join("\\n"),
      },
    },
    buildSystem: "make",
    // Runs after install, under QEMU when the build machine can't run the host's binaries.
    doInstallCheck: true,
    installCheck: \`"$out/bin/greet" crosscheck | grep -q 'Hello from crosscheck!'\`,
    meta: { description: "A friendly greeting, cross-compiled", platforms: lib.platforms.linux },
  });
}
`;

const matrix = `# yaml-language-server: $schema=../node_modules/crosscheck/harness/matrix/schema.json
name: cross
description: greet, cross-compiled from x86_64 to three hosts
defaults:
  # installCheck runs under QEMU; elf and closure check what was built (add checkPhase for a package
  # whose test suite should run under emulation: doCheck in its recipe).
  checks: [installCheck, elf, closure]
build: [x86_64-linux]
host: [aarch64-multiplatform, armv7l-hf-multiplatform, riscv64]
package: [greet]
`;

const workflow = `# crosscheck every night and on every push: the matrix, the closure snapshots, an Allure report.
name: crosscheck

on:
  push:
  schedule:
    - cron: "17 2 * * *"
  workflow_dispatch:

jobs:
  cross:
    runs-on: ubuntu-24.04
    timeout-minutes: 120
    # The owner's GitHub container registry is the binary cache: what one run built (derivations,
    # base and toolchain images), the next fetches instead of building it.
    permissions:
      contents: read
      packages: write
    env:
      # The Debian archive crosscheck builds its images from (the runners' apt points at Ubuntu):
      # set it as a repository variable.
      CROSSCHECK_DEBIAN_MIRROR: \${{ vars.DEBIAN_MIRROR }}
      CROSSCHECK_REGISTRY_USER: \${{ github.actor }}
      CROSSCHECK_REGISTRY_PASSWORD: \${{ secrets.GITHUB_TOKEN }}
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm
      - run: npm ci
      # Registry names are lower case; owners may not be.
      - name: the shared cache
        run: echo "CROSSCHECK_SHARED_CACHE=oci://ghcr.io/\${OWNER,,}/crosscheck-cache" >> "$GITHUB_ENV"
        env:
          OWNER: \${{ github.repository_owner }}
      - name: prerequisites (Docker engine, QEMU binfmt, base image)
        run: sudo --preserve-env=CROSSCHECK_DEBIAN_MIRROR,CROSSCHECK_SHARED_CACHE,CROSSCHECK_REGISTRY_USER,CROSSCHECK_REGISTRY_PASSWORD,PATH npx crosscheck doctor --fix
      - name: the matrix
        run: sudo --preserve-env=CROSSCHECK_DEBIAN_MIRROR,CROSSCHECK_SHARED_CACHE,CROSSCHECK_REGISTRY_USER,CROSSCHECK_REGISTRY_PASSWORD,PATH,CI npx crosscheck run
      - if: always()
        run: npx crosscheck report
      - if: always()
        uses: actions/upload-artifact@v4
        with:
          name: crosscheck-report
          path: reports/html
`;

const ignore = `reports/
.crosscheck/
node_modules/
`;

export const scaffoldFiles: readonly ScaffoldFile[] = [
  { path: "crosscheck.config.ts", text: config },
  { path: "recipes/greet.ts", text: recipe },
  { path: "matrices/cross.yaml", text: matrix },
  { path: ".github/workflows/crosscheck.yml", text: workflow },
  { path: ".gitignore", text: ignore, append: true },
];
