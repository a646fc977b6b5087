/**
 * JSON pointers ("/include/2/broken/until") are how ajv and the expansion name a place in the
 * matrix; YamlSource turns them into line and column, and messages show them the way a reader
 * would name the value: include[2].broken.until.
 */

export function pointerSegments(pointer: string): string[] {
  return pointer === "" ? [] : pointer.slice(1).split("/").map((segment) => segment.replaceAll("~1", "/").replaceAll("~0", "~"));
}

export function childPointer(pointer: string, key: string | number): string {
  return `${pointer}/${String(key).replaceAll("~", "~0").replaceAll("/", "~1")}`;
}

export function readablePath(pointer: string): string {
  return pointerSegments(pointer)
    .map((segment, index) => (/^\d+$/.test(segment) ? `[${segment}]` : index === 0 ? segment : `.${segment}`))
    .join("");
}
