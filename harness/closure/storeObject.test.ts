import { expect, it } from "vitest";
import { describe as describeObject, type StoreObject } from "./storeObject.ts";

const B = "x86_64-unknown-linux-gnu";
const wrapper = (target: string): StoreObject => ({ id: "x".repeat(32), name: `${target}-gcc-wrapper-12.2.0`, pname: "gcc-wrapper", version: "12.2.0", build: B, host: B, target, role: "toolchain" });

it("names a cross toolchain with its target prefix, as its store name does, and a native one without", () => {
  expect(describeObject(wrapper("aarch64-unknown-linux-gnu"))).toBe(`aarch64-unknown-linux-gnu-gcc-wrapper 12.2.0 (${B})`);
  expect(describeObject(wrapper(B))).toBe(`gcc-wrapper 12.2.0 (${B})`);
  expect(describeObject({ pname: "zlib", version: "1.2.13", host: "aarch64-unknown-linux-gnu", target: "aarch64-unknown-linux-gnu" })).toBe("zlib 1.2.13 (aarch64-unknown-linux-gnu)");
});
