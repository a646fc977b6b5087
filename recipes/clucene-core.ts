import type { Lib, Package, Stdenv } from "../harness/planner/index.ts";

export interface CluceneCoreArgs {
  stdenv: Stdenv;
  lib: Lib;
  zlib: Package;
}

/**
 * What CMake's CHECK_CXX_SOURCE_RUNS would learn by running test programs on the host, given as
 * the try_run cache variables (`<VAR>_EXITCODE`, 0: the program succeeded): the list cmake prints
 * when it stops ("please set the following cache variables appropriately"), the same as Nixpkgs'
 * (pkgs/development/libraries/clucene-core/2.x.nix), less the snwprintf one (glibc has no
 * snwprintf, so that check does not run). glibc's snprintf has no bug, namespaces,
 * try blocks, `static const` members and recursive mutexes work, GCC's __sync builtins exist.
 */
export const cluceneCrossCache = [
  "-D_CL_HAVE_GCC_ATOMIC_FUNCTIONS_EXITCODE=0",
  "-D_CL_HAVE_GCC_ATOMIC_FUNCTIONS_EXITCODE__TRYRUN_OUTPUT=",
  "-D_CL_HAVE_NAMESPACES_EXITCODE=0",
  "-D_CL_HAVE_NAMESPACES_EXITCODE__TRYRUN_OUTPUT=",
  "-D_CL_HAVE_NO_SNPRINTF_BUG_EXITCODE=0",
  "-D_CL_HAVE_NO_SNPRINTF_BUG_EXITCODE__TRYRUN_OUTPUT=",
  "-D_CL_HAVE_TRY_BLOCKS_EXITCODE=0",
  "-D_CL_HAVE_TRY_BLOCKS_EXITCODE__TRYRUN_OUTPUT=",
  "-D_CL_HAVE_PTHREAD_MUTEX_RECURSIVE_EXITCODE=0",
  "-D_CL_HAVE_PTHREAD_MUTEX_RECURSIVE_EXITCODE__TRYRUN_OUTPUT=",
  "-DLUCENE_STATIC_CONSTANT_SYNTAX_EXITCODE=0",
  "-DLUCENE_STATIC_CONSTANT_SYNTAX_EXITCODE__TRYRUN_OUTPUT=",
];

/**
 * Indexes three documents in a RAM directory, searches them with the query parser and checks the
 * hits: the analyzer, the index writer and reader, the query parser and the searcher, with the
 * library's wide-character and threading code (its mutexes and atomic reference counts).
 */
export const cluceneInstallCheck = [
  'cd "$(mktemp -d)"',
  "cat > t.cpp <<'EOF'",
  "#include <cstdio>",
  "#include <CLucene.h>",
  "using namespace lucene::analysis; using namespace lucene::document; using namespace lucene::index;",
  "using namespace lucene::search; using namespace lucene::store; using namespace lucene::queryParser;",
  "int main() {",
  '  const wchar_t *texts[] = { L"cross compiling is fun", L"the quick brown fox", L"fun with cross builds and emulators" };',
  "  RAMDirectory dir; standard::StandardAnalyzer analyzer;",
  "  IndexWriter *w = _CLNEW IndexWriter(&dir, &analyzer, true);",
  "  for (int i = 0; i < 3; i++) {",
  "    Document doc;",
  '    doc.add(*_CLNEW Field(L"text", texts[i], Field::STORE_YES | Field::INDEX_TOKENIZED));',
  "    w->addDocument(&doc);",
  "  }",
  "  w->optimize(); w->close(); _CLDELETE(w);",
  "  IndexSearcher searcher(&dir);",
  '  Query *q = QueryParser::parse(L"cross AND fun", L"text", &analyzer);',
  "  Hits *hits = searcher.search(q);",
  "  size_t n = hits->length();",
  "  for (size_t i = 0; i < n; i++) {",
  '    printf("hit: %ls\\n", hits->doc(i).get(L"text"));',
  "  }",
  '  printf("clucene %s: %d hits\\n", _CL_VERSION, (int) n);',
  "  _CLDELETE(hits); _CLDELETE(q); searcher.close();",
  "  return n == 2 ? 0 : 1;",
  "}",
  "EOF",
  '$CXX -I"$out/include" -I"$out/lib" t.cpp -o t -L"$out/lib" -Wl,-rpath,"$out/lib" -lclucene-core -lclucene-shared',
  "./t",
  "./t | grep -q '^clucene 2\\.3\\.3\\.4: 2 hits$'",
].join("\n");

/**
 * clucene-core: a C++ port of Lucene (full-text search; Dovecot's fts backend). Its CMake build
 * checks the compiler with CHECK_CXX_SOURCE_RUNS (try_run): cross compiling, cmake cannot run the
 * programs and stops with "TRY_RUN() invoked in cross-compiling mode, please set the following
 * cache variables appropriately" (Nixpkgs #67505, the seed's clucene_core_2).
 *
 * The fix, as Nixpkgs': the try_run results as cache variables. GCC 12 also needs <ctime> in
 * DateTools.cpp (Debian's gcc12.patch), natively too.
 *
 * `{ fixCross: false }` (`.override`) leaves the fix out: clucene-core-unfixed in the catalog.
 */
export default function cluceneCore({ stdenv, lib, zlib }: CluceneCoreArgs, { fixCross = true }: { fixCross?: boolean } = {}) {
  const fix = fixCross && stdenv.isCross;
  return stdenv.mkDerivation({
    pname: "clucene-core",
    version: "2.3.3.4",
    src: {
      kind: "debian",
      package: "clucene-core",
      version: "2.3.3.4+dfsg-1.1",
      origTarball: "clucene-core_2.3.3.4+dfsg.orig.tar.xz",
      sha256: "c70b8202c0afca27f9fa2f1a5d09a41bc4cc57a8f68c854379891ea2e24f1490",
    },
    buildSystem: "cmake",
    buildInputs: [zlib],
    // Debian's gcc12.patch: DateTools.cpp uses time functions without including <ctime>.
    postPatch: "sed -i 's|^#include \"CLucene/util/Misc.h\"|&\\n#include <ctime>|' src/core/CLucene/document/DateTools.cpp",
    cmakeFlags: [
      "-DBUILD_CONTRIBS_LIB=OFF",
      "-DENABLE_COMPILE_TESTS=OFF",
      ...lib.optionals(fix, cluceneCrossCache),
    ],
    doCheck: false,
    doInstallCheck: true,
    installCheck: cluceneInstallCheck,
    meta: {
      description: "Core library for full-featured text search engine",
      homepage: "https://clucene.sourceforge.net/",
      license: "Apache-2.0 OR LGPL-2.1-or-later",
      platforms: lib.platforms.unix,
    },
  });
}
