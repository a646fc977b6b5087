import { READABLE_FORMATS } from "./snapshot.ts";

/** The structure `CellSnapshot` promises, checked with ajv before a committed file is trusted. */
const object = {
  pname: { type: "string", minLength: 1 },
  output: { type: "string", minLength: 1 },
  version: { type: "string" },
  host: { type: "string", minLength: 1 },
} as const;

const kib = { type: "integer", minimum: 0 } as const;

const strings = { type: "array", items: { type: "string" } } as const;

export const snapshotSchema = {
  type: "object",
  additionalProperties: false,
  required: ["format", "cell", "host", "outputs"],
  properties: {
    format: { enum: READABLE_FORMATS },
    cell: { type: "string", minLength: 1 },
    host: { type: "string", minLength: 1 },
    outputs: {
      type: "object",
      additionalProperties: {
        type: "object",
        additionalProperties: false,
        required: ["version", "host", "sizeKiB", "closureSizeKiB", "references", "closure", "elf"],
        properties: {
          version: { type: "string" },
          host: { type: "string", minLength: 1 },
          sizeKiB: kib,
          closureSizeKiB: kib,
          references: {
            type: "array",
            items: { type: "object", additionalProperties: false, required: ["pname", "version", "host"], properties: object },
          },
          closure: {
            type: "array",
            items: { type: "object", additionalProperties: false, required: ["pname", "version", "host", "sizeKiB"], properties: { ...object, sizeKiB: kib } },
          },
          elf: {
            type: "object",
            additionalProperties: {
              oneOf: [
                {
                  type: "object",
                  additionalProperties: false,
                  required: ["machine", "class", "endian", "type", "interpreter", "needed", "runpath"],
                  properties: {
                    machine: { type: "string" },
                    class: { enum: [32, 64] },
                    endian: { enum: ["little", "big"] },
                    type: { type: "string" },
                    interpreter: { type: ["string", "null"] },
                    needed: strings,
                    runpath: strings,
                  },
                },
                { type: "object", additionalProperties: false, required: ["corrupt"], properties: { corrupt: { type: "string" } } },
              ],
            },
          },
          pe: {
            type: "object",
            additionalProperties: {
              oneOf: [
                {
                  type: "object",
                  additionalProperties: false,
                  required: ["machine", "format", "type", "imports"],
                  properties: { machine: { type: "string" }, format: { enum: ["PE32", "PE32+"] }, type: { enum: ["executable", "dll"] }, imports: strings },
                },
                { type: "object", additionalProperties: false, required: ["corrupt"], properties: { corrupt: { type: "string" } } },
              ],
            },
          },
          symlinks: { type: "object", additionalProperties: { type: "string" } },
        },
      },
    },
  },
  // Format 1 predates symlinks; from format 2 on, every output lists its own (`{}` for none).
  if: { properties: { format: { const: 1 } } },
  then: { properties: { outputs: { type: "object", additionalProperties: { type: "object", not: { type: "object", required: ["symlinks"] } } } } },
  else: { properties: { outputs: { type: "object", additionalProperties: { type: "object", required: ["symlinks"] } } } },
} as const;
