import type { Platform } from "../harness/platform/index.ts";
import type { Lib, Stdenv } from "../harness/planner/index.ts";

export interface LibvpxArgs {
  stdenv: Stdenv;
  lib: Lib;
}

/** libvpx's own name for a platform (`configure --help` lists them): not an autoconf triple. */
export function vpxTarget(p: Platform): string {
  if (p.isAarch64) return "arm64-linux-gcc";
  if (p.isAarch32 && p.parsed.cpu.name.startsWith("armv7")) return "armv7-linux-gcc";
  if (p.isx86_64) return "x86_64-linux-gcc";
  // No SIMD code for the others (riscv64 among them): plain C.
  return "generic-gnu";
}

/** Encodes a few frames of a synthetic picture to VP9 and decodes them back, with the library. */
export const libvpxInstallCheck = [
  'cd "$(mktemp -d)"',
  "cat > t.c <<'EOF'",
  "#include <stdio.h>",
  "#include <string.h>",
  "#include <vpx/vpx_encoder.h>",
  "#include <vpx/vpx_decoder.h>",
  "#include <vpx/vp8cx.h>",
  "#include <vpx/vp8dx.h>",
  "int main(void) {",
  "  vpx_codec_ctx_t enc, dec; vpx_codec_enc_cfg_t cfg; vpx_image_t img; int f, packets = 0, frames = 0;",
  "  if (vpx_codec_enc_config_default(vpx_codec_vp9_cx(), &cfg, 0)) return 1;",
  "  cfg.g_w = 64; cfg.g_h = 64; cfg.g_lag_in_frames = 0;",
  "  if (vpx_codec_enc_init(&enc, vpx_codec_vp9_cx(), &cfg, 0) || vpx_codec_dec_init(&dec, vpx_codec_vp9_dx(), NULL, 0)) return 2;",
  "  vpx_img_alloc(&img, VPX_IMG_FMT_I420, 64, 64, 1);",
  "  for (f = 0; f < 5; f++) {",
  "    const vpx_codec_cx_pkt_t *pkt; vpx_codec_iter_t it = NULL;",
  "    memset(img.planes[0], 16 + 40 * f, 64 * 64); memset(img.planes[1], 128, 32 * 32); memset(img.planes[2], 128, 32 * 32);",
  "    if (vpx_codec_encode(&enc, &img, f, 1, 0, VPX_DL_REALTIME)) return 3;",
  "    while ((pkt = vpx_codec_get_cx_data(&enc, &it)) != NULL) if (pkt->kind == VPX_CODEC_CX_FRAME_PKT) {",
  "      vpx_codec_iter_t dit = NULL; packets++;",
  "      if (vpx_codec_decode(&dec, pkt->data.frame.buf, (unsigned) pkt->data.frame.sz, NULL, 0)) return 4;",
  "      while (vpx_codec_get_frame(&dec, &dit) != NULL) frames++;",
  "    }",
  "  }",
  '  printf("%s: %d packets, %d frames decoded\\n", vpx_codec_version_str(), packets, frames);',
  "  return packets == 5 && frames == 5 ? 0 : 5;",
  "}",
  "EOF",
  '$CC -I"$out/include" t.c -o t -L"$out/lib" -Wl,-rpath,"$out/lib" -lvpx -lm -lpthread',
  "./t",
].join("\n");

/**
 * libvpx: VP8/VP9 codecs. Its configure is hand-written: it knows no --build/--host and wants
 * `--target=<its own platform name>` (arm64-linux-gcc, armv7-linux-gcc, generic-gnu), then finds
 * the tools from CC/AR/... or a CROSS prefix; given autoconf's flags it stops with `Unknown option`
 * (the seed: "configure script expects smth like aarch64-gnu-gcc").
 *
 * The fix, as Nixpkgs': configurePlatforms = [], --target from the host platform; the stdenv's
 * prefixed CC, AR, ... reach it through the environment. It links with $(LD) in gcc syntax,
 * so LD is the compiler driver.
 *
 * `{ fixCross: false }` (`.override`) leaves the fix out: libvpx-unfixed in the catalog.
 */
export default function libvpx({ stdenv, lib }: LibvpxArgs, { fixCross = true }: { fixCross?: boolean } = {}) {
  const host = stdenv.hostPlatform;
  const fix = fixCross && stdenv.isCross;
  return stdenv.mkDerivation({
    pname: "libvpx",
    version: "1.12.0",
    src: {
      kind: "debian",
      package: "libvpx",
      version: "1.12.0-1+deb12u5",
      origTarball: "libvpx_1.12.0.orig.tar.gz",
      sha256: "f1acc15d0fd0cb431f4bf6eac32d5e932e40ea1186fe78e074254d6d003957bb",
    },
    buildSystem: "autotools",
    ...(fix ? { configurePlatforms: [] } : {}),
    configureFlags: [
      ...lib.optionals(fix, [`--target=${vpxTarget(host)}`]),
      "--enable-shared",
      "--disable-static",
      "--enable-pic",
      "--disable-examples",
      "--disable-tools",
      "--disable-docs",
      "--disable-unit-tests",
      "--enable-vp8",
      "--enable-vp9",
    ],
    ...(fix ? { env: { LD: `${host.config}-cc` } } : {}),
    doCheck: false,
    doInstallCheck: true,
    installCheck: libvpxInstallCheck,
    meta: {
      description: "WebM VP8/VP9 codec SDK",
      homepage: "https://www.webmproject.org/",
      license: "BSD-3-Clause",
      platforms: lib.platforms.all,
    },
  });
}
