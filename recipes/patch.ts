// Drafted by `crosscheck import debian:patch`: review it before relying on it.
// What the importer could not decide is said in comments; the package's own notes for cross
// builds are at the top of the function.
import type { Lib, Stdenv } from "crosscheck";

/**
 * Apply a diff file to an original.
 *
 * Debian's source package patch 2.7.6-7 (format 3.0 (quilt)), binary packages patch.
 * Debian builds it with dh.
 */
export default function patch({ stdenv, lib }: { stdenv: Stdenv; lib: Lib }) {
  // Arguments in debian/rules this importer could not turn into flags (make variables, or conditions on the architecture or options):
  //   debian/rules:21: $(DEB_HOST_GNU_TYPE) [native only]
  //   debian/rules:21: $(DEB_BUILD_GNU_TYPE) [cross only]
  //   debian/rules:21: $(DEB_HOST_GNU_TYPE) [cross only]

  // debian/rules about cross builds (build vs host, *_FOR_BUILD, cache variables, the cross profile):
  //   debian/rules:9: ifeq ($(DEB_BUILD_GNU_TYPE), $(DEB_HOST_GNU_TYPE))
  //   debian/rules:10: CONFFLAGS = --build $(DEB_HOST_GNU_TYPE) [native only]
  //   debian/rules:12: CONFFLAGS = --build $(DEB_BUILD_GNU_TYPE) --host $(DEB_HOST_GNU_TYPE) [cross only]
  //   debian/rules:21: ac_cv_sys_long_file_names=yes ac_cv_path_ED=ed  dh_auto_configure -- $(CONFFLAGS)

  // Build-Depends set aside:
  //   Debian's packaging tools: debhelper-compat (= 11)

  // Debian applies 15 patches (debian/patches/series) that this recipe doesn't; redo one in postPatch where it matters:
  //   path_max, 558485-backupmode, m-merge, Fix_segfault_with_mangled_rename_patch.patch, Allow_input_files_to_be_missing_for_ed-style_patches.patch, Fix_arbitrary_command_execution_in_ed-style_patches.patch, 0001-Fix-ed-style-test-failure.patch, 0002-Abort_when_cleaning_up_fails.patch, 0003-Do_not_crash_when_RLIMIT_NOFILE_is_set_to_RLIM_INFINITY.patch, 0004-CVE-2019-13636.patch, 0005-CVE-2019-13638.patch, 0006-Do_not_leak_temporary_file.patch, 0007-Do_not_leak_temporary_file_on_failed_multi-file.patch, 0008-Avoid_invalid_memory_access_in_context_format_diffs.patch, 0009-Fix_failed_assertion_outstate-after_newline.patch

  // debian/copyright is not in the machine-readable format: read it for meta.license

  return stdenv.mkDerivation({
    pname: "patch",
    version: "2.7.6",
    src: {
      kind: "debian",
      package: "patch",
      version: "2.7.6-7",
      origTarball: "patch_2.7.6.orig.tar.xz",
      sha256: "ac610bda97abe0d9f6b7c963255a11dcb196c25e337c61f94e4778d632f1d8fd", // as patch_2.7.6-7.dsc gives it
    },
    // the tarball has configure (it also has GNUmakefile)
    buildSystem: "autotools",
    nativeBuildInputs: [
      // no recipe in the package set: ed: Multi-Arch: foreign, a tool; source ed [debian:ed]
    ],
    doCheck: true, // Debian runs the test suite (natively; a cross build runs it only under the matrix's run check)
    doInstallCheck: true,
    installCheck: `cd "$(mktemp -d)" && printf 'a\\nb\\nc\\n' > f && printf -- '--- f\\n+++ f\\n@@ -1,3 +1,3 @@\\n a\\n-b\\n+x\\n c\\n' > f.diff && "$out/bin/patch" f < f.diff && test "$(cat f)" = "$(printf 'a\\nx\\nc')"`,
    meta: {
      description: "Apply a diff file to an original",
      homepage: "https://savannah.gnu.org/projects/patch/",
      platforms: lib.platforms.unix,
    },
  });
}
