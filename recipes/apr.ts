import type { Lib, Stdenv } from "../harness/planner/index.ts";

interface BuildPackages {
  stdenv: Stdenv;
}

export interface AprArgs {
  stdenv: Stdenv;
  lib: Lib;
  buildPackages: BuildPackages;
}

/**
 * What configure would learn by running test programs on the host (AC_TRY_RUN, AC_CHECK_FILE),
 * given as cache variables: Linux with glibc, the same for every host here. The list is Nixpkgs'
 * (pkgs/development/libraries/apr), checked against this configure's log.
 */
export const aprCrossCache = [
  "ac_cv_file__dev_zero=yes",
  "ac_cv_mmap__dev_zero=yes",
  "ac_cv_func_setpgrp_void=yes",
  "apr_cv_tcp_nodelay_with_cork=yes",
  "ac_cv_define_PTHREAD_PROCESS_SHARED=yes",
  "apr_cv_process_shared_works=yes",
  "apr_cv_mutex_robust_shared=yes",
  "ap_cv_atomic_builtins=yes",
  "ap_cv__atomic_builtins=yes",
  "ap_cv_atomic_builtins64=yes",
  "ap_cv__atomic_builtins64=yes",
  "apr_cv_mutex_recursive=yes",
  "apr_cv_epoll=yes",
  "apr_cv_epoll_create1=yes",
  "apr_cv_dup3=yes",
  "apr_cv_accept4=yes",
  "apr_cv_sock_cloexec=yes",
  "ac_cv_struct_rlimit=yes",
  "ac_cv_func_sem_open=yes",
  "ac_cv_negative_eai=yes",
  "ac_cv_working_getaddrinfo=yes",
  "ac_cv_working_getnameinfo=yes",
  "apr_cv_gai_addrconfig=yes",
  "ac_cv_o_nonblock_inherited=no",
  "ac_cv_tcp_nodelay_inherited=yes",
  "apr_cv_pthreads_lib=-lpthread",
];

export const aprInstallCheck = [
  'cd "$(mktemp -d)"',
  "cat > t.c <<'EOF'",
  "#include <stdio.h>",
  "#include <apr_general.h>",
  "#include <apr_pools.h>",
  "#include <apr_strings.h>",
  "#include <apr_file_io.h>",
  "#include <apr_hash.h>",
  "#include <apr_thread_mutex.h>",
  "#include <apr_version.h>",
  "int main(void) {",
  "  apr_pool_t *p; apr_file_t *f; apr_hash_t *h; apr_thread_mutex_t *m; char buf[32]; apr_size_t n = sizeof(buf) - 1;",
  "  if (apr_initialize() != APR_SUCCESS || apr_pool_create(&p, NULL) != APR_SUCCESS) return 1;",
  '  if (apr_file_open(&f, "t.txt", APR_FOPEN_CREATE | APR_FOPEN_WRITE | APR_FOPEN_TRUNCATE, APR_FPROT_OS_DEFAULT, p) != APR_SUCCESS) return 2;',
  '  apr_file_puts(apr_psprintf(p, "apr %s", apr_version_string()), f); apr_file_close(f);',
  '  if (apr_file_open(&f, "t.txt", APR_FOPEN_READ, 0, p) != APR_SUCCESS || apr_file_read(f, buf, &n) != APR_SUCCESS) return 3;',
  "  buf[n] = 0; h = apr_hash_make(p); apr_hash_set(h, \"k\", APR_HASH_KEY_STRING, buf);",
  "  if (apr_thread_mutex_create(&m, APR_THREAD_MUTEX_DEFAULT, p) != APR_SUCCESS || apr_thread_mutex_lock(m) != APR_SUCCESS) return 4;",
  '  printf("%s\\n", (const char *) apr_hash_get(h, "k", APR_HASH_KEY_STRING));',
  "  apr_pool_destroy(p); apr_terminate(); return 0;",
  "}",
  "EOF",
  '$CC -I"$out/include/apr-1" t.c -o t -L"$out/lib" -Wl,-rpath,"$out/lib" -lapr-1',
  "./t | grep '^apr 1\\.7\\.2'",
].join("\n");

/**
 * apr: the Apache Portable Runtime (Nixpkgs #67259). Its configure decides two dozen things by
 * running test programs (AC_TRY_RUN), and AC_CHECK_FILE(/dev/zero): cross compiling, it stops
 * with "cannot check for file existence when cross compiling". The fix, as Nixpkgs': the answers
 * as cache variables, and the build machine's compiler in depsBuildBuild for `gen_test_char`,
 * which the build runs (configure finds it as CC_FOR_BUILD).
 *
 * `{ fixCross: false }` (`.override`) leaves the fix out: apr-unfixed in the catalog.
 */
export default function apr({ stdenv, lib, buildPackages }: AprArgs, { fixCross = true }: { fixCross?: boolean } = {}) {
  const cross = !stdenv.buildPlatform.canExecute(stdenv.hostPlatform);
  const fix = fixCross && cross;
  return stdenv.mkDerivation({
    pname: "apr",
    version: "1.7.2",
    src: {
      kind: "debian",
      package: "apr",
      version: "1.7.2-3+deb12u1",
      origTarball: "apr_1.7.2.orig.tar.bz2",
      sha256: "75e77cc86776c030c0a5c408dfbd0bf2a0b75eed5351e52d5439fa1e5509a43e",
    },
    buildSystem: "autotools",
    depsBuildBuild: cross ? [buildPackages.stdenv.cc] : [],
    configureFlags: lib.optionals(fix, aprCrossCache),
    // apr-1-config records the build directory, and the libtool it installs for dependents
    // (apr-util, httpd) the build machine's sed and grep by path and the cross gcc's library
    // directories: build-machine paths in the closure. Point the former at the installed build
    // files, let the latter use PATH and the compiler's own search path.
    postInstall: [
      'sed -i "s|^APR_SOURCE_DIR=.*|APR_SOURCE_DIR=\\"$out/build-1\\"|; s|^APR_BUILD_DIR=.*|APR_BUILD_DIR=\\"$out/build-1\\"|" "$out/bin/apr-1-config"',
      'sed -i "s|/build/\\.tools/||g" "$out/build-1/libtool"',
      // ... and the cross gcc's own library directories (the build platform's gcc in the closure).
      "sed -i 's|^sys_lib_search_path_spec=.*|sys_lib_search_path_spec=\"\"|' \"$out/build-1/libtool\"",
    ].join("\n"),
    doCheck: false,
    doInstallCheck: true,
    installCheck: aprInstallCheck,
    meta: {
      description: "The Apache Portable Runtime library",
      homepage: "https://apr.apache.org/",
      license: "Apache-2.0",
      platforms: lib.platforms.unix,
    },
  });
}
