// Drafted by `crosscheck import debian:hdf5`, then edited by hand: the build is cut to the C
// library and its tools (no Fortran, C++, Java, MPI, szip, ROS3, high-level library or tests),
// and the cross fix and the installCheck are written here.
import type { Lib, Package, Stdenv } from "../harness/planner/index.ts";
import { debianArchitecture } from "../harness/planner/index.ts";

export interface Hdf5Args {
  stdenv: Stdenv;
  lib: Lib;
  zlib: Package;
  removeReferencesTo: Package;
}

/**
 * A C program against the installed library writes a file (a group, a chunked and
 * deflate-compressed dataset of 1000 integers, an attribute) and reads it back; the installed
 * h5ls and h5dump then read the same file. A library whose type tables were made for another
 * machine (H5Tinit.c, below) reads back wrong numbers or fails to convert.
 */
export const hdf5InstallCheck = [
  'cd "$(mktemp -d)"',
  "cat > h5test.c <<'EOF'",
  "#include <stdio.h>",
  "#include <hdf5.h>",
  "int main(void) {",
  "  int data[1000], back[1000]; long sum = 0; hsize_t dims[1] = {1000}, chunk[1] = {100}; int i, v = 42;",
  "  for (i = 0; i < 1000; i++) data[i] = i * 3 - 500;",
  '  hid_t f = H5Fcreate("t.h5", H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);',
  '  hid_t g = H5Gcreate2(f, "/cross", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);',
  "  hid_t s = H5Screate_simple(1, dims, NULL), p = H5Pcreate(H5P_DATASET_CREATE);",
  "  H5Pset_chunk(p, 1, chunk); H5Pset_deflate(p, 6);",
  '  hid_t d = H5Dcreate2(g, "values", H5T_STD_I32BE, s, H5P_DEFAULT, p, H5P_DEFAULT);',
  "  if (H5Dwrite(d, H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0) return 1;",
  "  hid_t as = H5Screate(H5S_SCALAR);",
  '  hid_t a = H5Acreate2(d, "answer", H5T_NATIVE_INT, as, H5P_DEFAULT, H5P_DEFAULT);',
  "  H5Awrite(a, H5T_NATIVE_INT, &v); H5Aclose(a); H5Sclose(as);",
  "  H5Dclose(d); H5Pclose(p); H5Sclose(s); H5Gclose(g); H5Fclose(f);",
  '  f = H5Fopen("t.h5", H5F_ACC_RDONLY, H5P_DEFAULT);',
  '  d = H5Dopen2(f, "/cross/values", H5P_DEFAULT);',
  "  if (H5Dread(d, H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, back) < 0) return 1;",
  "  for (i = 0; i < 1000; i++) { if (back[i] != data[i]) { printf(\"value %d: %d\\n\", i, back[i]); return 1; } sum += back[i]; }",
  "  H5Dclose(d); H5Fclose(f);",
  "  unsigned maj, min, rel; H5get_libversion(&maj, &min, &rel);",
  '  printf("hdf5 %u.%u.%u ok: sum %ld\\n", maj, min, rel, sum);',
  "  return sum == 998500 ? 0 : 1;",
  "}",
  "EOF",
  '$CC -I"$dev/include" h5test.c -o h5test -L"$out/lib" -Wl,-rpath,"$out/lib" -lhdf5',
  "./h5test",
  '"$out/bin/h5ls" -r t.h5 | tee ls.txt',
  "grep -q '^/cross/values .*Dataset {1000' ls.txt",
  '"$out/bin/h5dump" -A t.h5 | tee attrs.txt',
  "grep -q '(0): 42' attrs.txt",
  '"$out/bin/h5dump" -d /cross/values -s 999 -c 1 t.h5 | tee last.txt',
  "grep -q '(999): 2497' last.txt",
].join("\n");

/**
 * HDF5 1.10.8, the C library and its tools (h5dump, h5ls, h5repack, ...). The seed's overlay
 * takes hdf5 from a native build (`hdf5 = pkgsArm.hdf5`) because its build runs programs it
 * compiled for the host:
 * - configure runs test programs with AC_RUN_IFELSE and no answer for a cross build (the C
 *   decimal precision, then five long-double conversions): `cannot run test program while
 *   cross compiling`;
 * - the build compiles H5detect and H5make_libsettings with `$(CC)` and runs them (`$(RUNSERIAL)
 *   ./H5detect > H5Tinit.c`): H5detect measures the host's types (sizes, alignment, byte order,
 *   float formats) by running on it, so it must run on the host, not be built for the build
 *   machine (HDF5 1.14 later computes the same at compile time).
 *
 * The first (`maximum decimal precision for C`, PAC_FC_LDBL_DIG) has no cache variable to
 * answer it, and the answers are the host's to give, so the fix runs these programs on the
 * host's emulator, as Nixpkgs runs such programs with `stdenv.hostPlatform.emulator
 * buildPackages`: here QEMU through binfmt_misc (registered with the F flag, so it works in the
 * build's container), its loader and libc from the cross libc (`QEMU_LD_PREFIX=/usr/<debian
 * triple>`, as the installCheck runs). configure gets `--host` alone, so autoconf tries a test
 * program, sees it run, and runs the others too (`checking whether we are cross compiling...
 * no`), and the build runs H5detect and H5make_libsettings the same way.
 *
 * `{ fixCross: false }` (`.override`) leaves the fix out: hdf5-unfixed in the catalog.
 */
export default function hdf5({ stdenv, lib, zlib, removeReferencesTo }: Hdf5Args, { fixCross = true }: { fixCross?: boolean } = {}) {
  const fix = fixCross && !stdenv.buildPlatform.canExecute(stdenv.hostPlatform);
  const debian = debianArchitecture(stdenv.hostPlatform);
  return stdenv.mkDerivation({
    pname: "hdf5",
    version: "1.10.8",
    src: {
      kind: "debian",
      package: "hdf5",
      version: "1.10.8+repack1-1",
      origTarball: "hdf5_1.10.8+repack1.orig.tar.gz",
      sha256: "7b38e58ff83b13fd8959a90b13bf896bc318ba096c940ab0847abf3ad41a0b31", // as hdf5_1.10.8+repack1-1.dsc gives it
    },
    buildSystem: "autotools",
    // hdf5.h includes zlib's header when built --with-zlib (H5pubconf.h: H5_HAVE_FILTER_DEFLATE).
    propagatedBuildInputs: [zlib],
    configureFlags: [
      "--enable-shared",
      "--disable-static", // half the compile time; the tools link the shared library
      "--with-zlib",
      "--with-default-api-version=v18", // debian/rules:290
      "--disable-hl",
      "--disable-fortran",
      "--disable-cxx",
      "--disable-java",
      "--disable-tests", // the test programs are most of the build, and doCheck is off (as Debian's)
    ],
    ...(fix && debian !== null
      ? {
          configurePlatforms: ["host"],
          // Exported for configure's test programs and the build's generators alike.
          preConfigure: `export QEMU_LD_PREFIX=/usr/${debian.triple}`,
        }
      : {}),
    // libhdf5.settings, and the library that embeds it (H5lib_settings.c, for H5check_version's
    // report), record the compiler's path: remove-references-to, as Nixpkgs' hdf5 does.
    nativeBuildInputs: [removeReferencesTo],
    postInstall: [
      'cc=$(command -v "$CC"); cc=${cc#/crosscheck/store/}; cc=/crosscheck/store/${cc%%/*}',
      'find "$out" "$dev" -type f -exec remove-references-to -t "$cc" {} +',
      // h5cc, the compiler wrapper for programs against the library, names the headers: it is dev's,
      // or the runtime closure holds them.
      'mkdir -p "$dev/bin" && mv "$out/bin/h5cc" "$dev/bin/"',
    ].join("\n"),
    disallowedReferences: [stdenv.cc],
    outputs: ["out", "dev"],
    doCheck: false, // debian/rules skips the test suite (an empty override_dh_auto_test)
    doInstallCheck: true,
    installCheck: hdf5InstallCheck,
    meta: {
      description: "HDF5 C runtime files",
      homepage: "http://hdfgroup.org/HDF5/",
      license: "BSD-3-Clause",
      platforms: lib.platforms.unix,
    },
  });
}
