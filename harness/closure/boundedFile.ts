/** What the readers read from: an open file (a FileHandle is one), or bytes in memory (`inMemory`). */
export interface ByteSource {
  read(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
}

/** Bytes already read (a member of an archive) as a source the readers take. */
export function inMemory(bytes: Buffer): ByteSource {
  return {
    read: async (buffer, offset, length, position) => ({ bytesRead: bytes.copy(buffer, offset, position, Math.min(bytes.length, position + length)) }),
  };
}

/** A file found malformed while reading its headers: a fact about the output, not an error. */
export class Corrupt extends Error {}

/** Reads bounded pieces of a file; any read past its end means the file is corrupt. What the
 * ELF and PE readers (elf.ts, pe.ts) build their header reads on. */
export class BoundedFile {
  constructor(
    private readonly handle: ByteSource,
    readonly size: number,
  ) {}

  async bytes(offset: number, length: number, what: string): Promise<Buffer> {
    if (!Number.isSafeInteger(offset) || offset < 0 || length < 0 || offset + length > this.size) {
      throw new Corrupt(`${what} at ${offset}+${length} lies outside the file (${this.size} bytes)`);
    }
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await this.handle.read(buffer, 0, length, offset);
    if (bytesRead !== length) throw new Corrupt(`${what}: short read at ${offset}`);
    return buffer;
  }
}
