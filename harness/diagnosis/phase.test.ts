import { describe, expect, it } from "vitest";
import { builtPhase } from "./phase.ts";

describe("builtPhase", () => {
  it("names stdenv's phases as Nixpkgs does, and keeps the script's setup", () => {
    expect(builtPhase("configure")).toBe("configurePhase");
    expect(builtPhase("fixup")).toBe("fixupPhase");
    expect(builtPhase("setup")).toBe("setup");
  });

  it("refuses a marker no phase has", () => {
    expect(() => builtPhase("?")).toThrow(/'\?'/);
  });
});
