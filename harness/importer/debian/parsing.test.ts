/** Debian's formats as the importer reads them: deb822, versions, relationships, rules, copyright. */
import { describe, expect, test } from "vitest";
import { parseIndex } from "./archive.ts";
import { upstreamLicense, spdxExpression } from "./copyright.ts";
import { fieldLines, folded, parseParagraphs, stripSignature } from "./deb822.ts";
import { linuxArchitectures, parseRelations, profilesAllow } from "./relations.ts";
import { readRules, shellWords } from "./rules.ts";
import { compareVersions, parseVersion, recipeVersion, withoutEpoch } from "./version.ts";

describe("deb822", () => {
  const signed = [
    "-----BEGIN PGP SIGNED MESSAGE-----",
    "Hash: SHA256",
    "",
    "Format: 3.0 (quilt)",
    "Source: libogg",
    "Build-Depends: debhelper-compat (= 13),",
    " pkgconf",
    "Checksums-Sha256:",
    " c4d9 429076 libogg_1.3.5.orig.tar.xz",
    " 980c 18012 libogg_1.3.5-3.debian.tar.xz",
    "- -dash-escaped: line",
    "",
    "-----BEGIN PGP SIGNATURE-----",
    "iQJKBAEBCAA0",
    "-----END PGP SIGNATURE-----",
  ].join("\n");

  test("a clear-signed .dsc: the armor taken off, dash-escapes undone, fields by lower-case name", () => {
    const [dsc] = parseParagraphs(stripSignature(signed));
    expect(dsc!["source"]).toBe("libogg");
    expect(folded(dsc!["build-depends"])).toBe("debhelper-compat (= 13), pkgconf");
    expect(fieldLines(dsc!["checksums-sha256"])).toEqual(["c4d9 429076 libogg_1.3.5.orig.tar.xz", "980c 18012 libogg_1.3.5-3.debian.tar.xz"]);
    expect(dsc!["-dash-escaped"]).toBe("line");
  });

  test("paragraphs, comments, ' .' lines, and only some fields of a large index", () => {
    const text = "Source: x\n# a comment\nHomepage: h\n\nPackage: x1\nDescription: short\n long\n .\n more\n\n\nPackage: x2\nSection: libs\n";
    const paragraphs = parseParagraphs(text);
    expect(paragraphs.map((p) => p["package"] ?? p["source"])).toEqual(["x", "x1", "x2"]);
    expect(paragraphs[1]!["description"]).toBe("short\nlong\n\nmore");
    expect(parseParagraphs(text, new Set(["package"]))).toEqual([{ package: "x1" }, { package: "x2" }]);
  });
});

test("a Packages index read fast is read as deb822 is", () => {
  const index = "Package: a\nVersion: 1\nDescription: x\n more: y\nMulti-Arch: same\n\nPackage: b\nSource: s (2)\nVersion: 2\n";
  const only = new Set(["package", "version", "source", "multi-arch"]);
  expect(parseIndex(index, only)).toEqual(parseParagraphs(index, only));
  expect(parseIndex(index, only)).toEqual([{ package: "a", version: "1", "multi-arch": "same" }, { package: "b", source: "s (2)", version: "2" }]);
});

describe("versions", () => {
  test("compared as dpkg compares them", () => {
    const ascending = ["1.0~rc1", "1.0", "1.0-1", "1.0-1+b1", "1.0a", "1.0.1", "1.2", "1.10", "2.0~beta", "2.0", "1:0.1", "2:0.0"];
    for (let i = 1; i < ascending.length; i++) expect(compareVersions(ascending[i - 1]!, ascending[i]!), `${ascending[i - 1]} < ${ascending[i]}`).toBeLessThan(0);
    expect(compareVersions("1.2.13.dfsg-1", "1.2.13.dfsg-1")).toBe(0);
    expect(compareVersions("2.5.0-1+deb12u5", "2.5.0-1+deb12u2")).toBeGreaterThan(0);
    expect(compareVersions("1.0-01", "1.0-1")).toBe(0);
  });

  test("epoch, upstream and revision; a recipe's version without Debian's repack marks", () => {
    expect(parseVersion("1:1.2.13.dfsg-1")).toEqual({ epoch: 1, upstream: "1.2.13.dfsg", revision: "1" });
    expect(parseVersion("1.0-2-3")).toEqual({ epoch: 0, upstream: "1.0-2", revision: "3" });
    expect(withoutEpoch("2:3.8.2+dfsg-1")).toBe("3.8.2+dfsg-1");
    expect(["1:1.2.13.dfsg-1", "1.19+dfsg-1", "2:3.8.2+dfsg-1", "0.30.2-6", "2.3+ds1-2", "7.0.15"].map(recipeVersion)).toEqual(["1.2.13", "1.19", "3.8.2", "0.30.2", "2.3", "7.0.15"]);
  });
});

describe("relationships", () => {
  const field = "debhelper-compat (= 13), libfoo-dev (>= 1.2) [!hurd-any !kfreebsd-any] <!nocheck>, pkgconf | pkg-config, python3:native, help2man <!nodoc> <cross>, ::bad, libnuma-dev [amd64 arm64], libhurd-dev [hurd-any]";

  test("entries, alternatives, qualifiers, versions, architectures and profiles", () => {
    const { entries, unread } = parseRelations(field);
    expect(unread).toEqual(["::bad"]);
    expect(entries.map((e) => e.map((r) => r.name))).toEqual([["debhelper-compat"], ["libfoo-dev"], ["pkgconf", "pkg-config"], ["python3"], ["help2man"], ["libnuma-dev"], ["libhurd-dev"]]);
    const foo = entries[1]![0]!;
    expect(foo).toMatchObject({ version: { op: ">=", version: "1.2" }, architectures: ["!hurd-any", "!kfreebsd-any"], profiles: [["!nocheck"]] });
    expect(entries[3]![0]!.archQualifier).toBe("native");
    expect(entries[4]![0]!.profiles).toEqual([["!nodoc"], ["cross"]]);
  });

  test("profiles: groups are or'ed, terms and'ed, ! negates", () => {
    const [foo, help2man] = [parseRelations(field).entries[1]![0]!, parseRelations(field).entries[4]![0]!];
    expect(profilesAllow(foo, new Set())).toBe(true);
    expect(profilesAllow(foo, new Set(["nocheck"]))).toBe(false);
    expect(profilesAllow(help2man, new Set(["nodoc"]))).toBe(false);
    expect(profilesAllow(help2man, new Set(["nodoc", "cross"]))).toBe(true);
  });

  test("architectures for a Linux build: other systems excluded is always, CPU lists are some, only other systems is never", () => {
    const { entries } = parseRelations(field);
    expect(entries.map((e) => linuxArchitectures(e[0]!))).toEqual(["always", "always", "always", "always", "always", "some", "never"]);
  });
});

describe("debian/rules", () => {
  const rules = [
    "#!/usr/bin/make -f",
    "DEB_BUILD_GNU_TYPE ?= $(shell dpkg-architecture -qDEB_BUILD_GNU_TYPE)",
    "DEB_HOST_GNU_TYPE ?= $(shell dpkg-architecture -qDEB_HOST_GNU_TYPE)",
    "CONFFLAGS = --disable-docs \\",
    "\t--enable-shared",
    "ifneq ($(DEB_BUILD_GNU_TYPE),$(DEB_HOST_GNU_TYPE))",
    "CONFFLAGS += ac_cv_func_malloc_0_nonnull=yes",
    "export BUILD_CC = gcc",
    "else",
    "CONFFLAGS += --enable-selftest",
    "endif",
    "ifeq ($(DEB_HOST_ARCH),armel)",
    "CONFFLAGS += --disable-asm",
    "endif",
    "export ac_cv_header_foo_h = yes",
    "export PREFIX",
    "%:",
    "\tdh $@ --buildsystem=autoconf --with autoreconf,pkgkde",
    "",
    "override_dh_auto_configure:",
    "\tdh_auto_configure -Bbuild -- $(CONFFLAGS) --libdir=/usr/lib/$(DEB_HOST_MULTIARCH) \"--with-name=a b\"",
    "",
    "override_dh_auto_build:",
    "\tdh_auto_build -- CC=$(CC) V=1",
    "",
    "override_dh_auto_test:",
    "",
  ].join("\n");

  test("dh's build system and add-ons, the configure arguments with the rules' variables and their conditions", () => {
    const facts = readRules(rules);
    expect(facts).toMatchObject({ usesDh: true, buildsystem: "autoconf", addons: ["autoreconf", "pkgkde"], skipsTests: true });
    expect(facts.configure.map((a) => [a.value, a.condition.kind, a.resolved])).toEqual([
      ["--disable-docs", "always", true],
      ["--enable-shared", "always", true],
      ["ac_cv_func_malloc_0_nonnull=yes", "cross", true],
      ["--enable-selftest", "native", true],
      ["--disable-asm", "other", true],
      ["--libdir=/usr/lib/$(DEB_HOST_MULTIARCH)", "always", false],
      ["--with-name=a b", "always", true],
    ]);
    expect(facts.configure.every((a) => a.line === 21)).toBe(true);
    expect(facts.build.map((a) => a.value)).toEqual(["CC=$(CC)", "V=1"]);
    expect(facts.exported.map((e) => [e.name, e.value, e.condition.kind])).toEqual([
      ["BUILD_CC", "gcc", "cross"],
      ["ac_cv_header_foo_h", "yes", "always"],
      ["PREFIX", null, "always"],
    ]);
  });

  test("the lines about cross builds, without dpkg-architecture's boilerplate", () => {
    expect(readRules(rules).crossLines.map((l) => [l.line, l.condition.kind])).toEqual([
      [6, "always"],
      [7, "cross"],
      [8, "cross"],
      [15, "always"],
    ]);
  });

  test("what a step's override runs besides dh_auto_*, continued lines joined (gawk's stand-in manuals), and not the test step's", () => {
    const gawk = [
      "%:",
      "\tdh $@",
      "override_dh_auto_configure:",
      "\tdh_auto_configure -- --disable-rpath",
      "\ttouch --date=\"Jan 01 2000\" \\",
      "\t    doc/gawktexi.in doc/gawk.texi",
      "override_dh_auto_test:",
      "\tmake check",
      "override_dh_auto_install:",
      "\tdh_auto_install",
      "ifeq ($(DEB_HOST_ARCH),hurd-i386)",
      "\trm -f debian/gawk/usr/bin/awk",
      "endif",
      "\trm -rf debian/gawk/usr/share/info",
    ].join("\n");
    expect(readRules(gawk).stepCommands.map((c) => [c.target, c.line, c.text, c.condition.kind])).toEqual([
      ["override_dh_auto_configure", 5, 'touch --date="Jan 01 2000" doc/gawktexi.in doc/gawk.texi', "always"],
      ["override_dh_auto_install", 12, "rm -f debian/gawk/usr/bin/awk", "other"],
      ["override_dh_auto_install", 14, "rm -rf debian/gawk/usr/share/info", "always"],
    ]);
    expect(readRules(rules).stepCommands).toEqual([]);
  });

  test("tests run when override_dh_auto_test runs something, and rules of their own are not dh", () => {
    expect(readRules("%:\n\tdh $@\noverride_dh_auto_test:\nifeq (,$(filter nocheck,$(DEB_BUILD_OPTIONS)))\n\tmake test\nendif\n").skipsTests).toBe(false);
    expect(readRules("build:\n\t./configure && make\n").usesDh).toBe(false);
    expect(readRules("%:\n\tdh $@ --sourcedirectory=expat\n").sourceDirectory).toBe("expat");
  });

  test("shell words: quotes group and go, nothing is expanded", () => {
    expect(shellWords(`a "b c" 'd' e=$(F) ""`)).toEqual(["a", "b c", "d", "e=$(F)", ""]);
  });
});

describe("debian/copyright", () => {
  test("the Files: * license of a DEP-5 file, in SPDX's words", () => {
    const dep5 = "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\nUpstream-Name: x\n\nFiles: *\nCopyright: someone\nLicense: LGPL-2.1+\n\nFiles: debian/*\nLicense: GPL-2+\n\nLicense: LGPL-2.1+\n text\n";
    expect(upstreamLicense(dep5)).toBe("LGPL-2.1-or-later");
    expect(upstreamLicense("This package was debianized by someone.\n")).toBeNull();
    expect(["Expat", "BSD-3-clause", "GPL-2", "GPL-3+", "AGPL-3+", "Zlib", "GPL-2+ or Artistic", "Apache-2.0 and ISC", "custom-thing"].map(spdxExpression)).toEqual([
      "MIT",
      "BSD-3-Clause",
      "GPL-2.0-only",
      "GPL-3.0-or-later",
      "AGPL-3.0-or-later",
      "Zlib",
      "GPL-2.0-or-later OR Artistic",
      "Apache-2.0 AND ISC",
      "custom-thing",
    ]);
  });
});
