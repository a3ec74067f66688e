/**
 * Defensive ZIP access for DOCX packages.
 *
 * Only the central directory is trusted for locating entries; nothing is inflated
 * until its declared sizes pass the limits, and inflation itself is capped at the
 * declared size (so a header that lies about the size cannot exhaust memory):
 * the compressed data is fed to fflate's streaming inflater in small chunks and
 * reading stops as soon as the output exceeds what was declared.
 */
import { Inflate } from 'fflate';
import { XxgkError } from '../../errors.js';

export interface ZipLimits {
  /** Largest declared/actual uncompressed size of one entry that is read (default 64 MiB). */
  maxEntryBytes: number;
  /** Largest sum of the declared uncompressed sizes of all entries (default 256 MiB). */
  maxTotalBytes: number;
  /** Largest number of entries in the central directory (default 10 000). */
  maxEntries: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntryBytes: 64 * 1024 * 1024,
  maxTotalBytes: 256 * 1024 * 1024,
  maxEntries: 10_000,
};

/** DEFLATE cannot expand more than ~1032:1; a declared ratio far above that is a lie. */
const MAX_DEFLATE_RATIO = 1100;
/**
 * Compressed bytes pushed per inflate step. One step can yield up to ~1032× its input, so the
 * step is sized from the declared size (1–16 KiB): the transient output of a step stays near
 * the declared size (at most ~16 MiB), even when the header lies.
 */
const inflateChunk = (declared: number) => Math.max(1024, Math.min(16 * 1024, Math.ceil(declared / 1024)));

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

export class ZipArchive {
  readonly entries: Map<string, ZipEntry>;
  /** Sum of the declared uncompressed sizes. */
  readonly declaredTotal: number;

  constructor(
    private readonly bytes: Uint8Array,
    readonly limits: ZipLimits = DEFAULT_ZIP_LIMITS,
  ) {
    const { entries, total } = readCentralDirectory(bytes, limits);
    this.entries = entries;
    this.declaredTotal = total;
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  names(): string[] {
    return [...this.entries.keys()];
  }

  /** Inflate one entry, enforcing the limits on the declared and on the actual size. */
  read(name: string, maxBytes = this.limits.maxEntryBytes): Uint8Array {
    const e = this.entries.get(name);
    if (!e) throw new XxgkError('corrupt_file', `zip entry ${name} not found`);
    const limit = Math.min(maxBytes, this.limits.maxEntryBytes);
    if (e.size > limit) {
      throw new XxgkError('too_large', `zip entry ${name} declares ${e.size} bytes uncompressed; the limit is ${limit}`);
    }
    if (e.flags & 1) throw new XxgkError('encrypted', `zip entry ${name} is encrypted`);
    const b = this.bytes;
    const lh = e.localHeaderOffset;
    if (lh + 30 > b.length || u32(b, lh) !== 0x04034b50) throw new XxgkError('corrupt_file', `zip entry ${name}: bad local header`);
    const dataStart = lh + 30 + u16(b, lh + 26) + u16(b, lh + 28);
    const dataEnd = dataStart + e.compressedSize;
    if (dataEnd > b.length) throw new XxgkError('corrupt_file', `zip entry ${name} is truncated`);
    const data = b.subarray(dataStart, dataEnd);
    let out: Uint8Array;
    if (e.method === 0) {
      if (e.compressedSize !== e.size) throw new XxgkError('corrupt_file', `zip entry ${name}: stored entry with inconsistent sizes`);
      out = data;
    } else if (e.method === 8) {
      out = inflateCapped(data, e.size, name);
    } else {
      throw new XxgkError('unsupported_format', `zip entry ${name} uses compression method ${e.method} (only stored and deflate are supported)`);
    }
    if (crc32(out) !== e.crc32) throw new XxgkError('corrupt_file', `zip entry ${name}: CRC mismatch`);
    return out;
  }
}

function u16(b: Uint8Array, o: number): number {
  return b[o] | (b[o + 1] << 8);
}
function u32(b: Uint8Array, o: number): number {
  return (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
}
function u64(b: Uint8Array, o: number): number {
  const lo = u32(b, o);
  const hi = u32(b, o + 4);
  if (hi > 0x1fffff) return Number.MAX_SAFE_INTEGER; // beyond 2^53: treat as absurd
  return hi * 0x100000000 + lo;
}

function readCentralDirectory(b: Uint8Array, limits: ZipLimits): { entries: Map<string, ZipEntry>; total: number } {
  // End of central directory record: last occurrence of PK\5\6 within the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 0xffff); i--) {
    if (b[i] === 0x50 && b[i + 1] === 0x4b && b[i + 2] === 0x05 && b[i + 3] === 0x06) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new XxgkError('corrupt_file', 'not a complete zip archive (end of central directory not found; truncated?)');
  let count = u16(b, eocd + 10);
  let cdSize = u32(b, eocd + 12);
  let cdOffset = u32(b, eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    // ZIP64 end of central directory locator sits just before the EOCD
    const loc = eocd - 20;
    if (loc < 0 || u32(b, loc) !== 0x07064b50) throw new XxgkError('corrupt_file', 'zip64 locator missing');
    const z = u64(b, loc + 8);
    if (z + 56 > b.length || u32(b, z) !== 0x06064b50) throw new XxgkError('corrupt_file', 'zip64 end of central directory missing');
    count = u64(b, z + 32);
    cdSize = u64(b, z + 40);
    cdOffset = u64(b, z + 48);
  }
  if (count > limits.maxEntries) throw new XxgkError('too_large', `zip archive has ${count} entries; the limit is ${limits.maxEntries}`);
  if (cdOffset + cdSize > b.length) throw new XxgkError('corrupt_file', 'zip central directory lies outside the file (truncated?)');
  const entries = new Map<string, ZipEntry>();
  const utf8 = new TextDecoder('utf-8');
  let p = cdOffset;
  let total = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > b.length || u32(b, p) !== 0x02014b50) throw new XxgkError('corrupt_file', 'zip central directory is damaged');
    const flags = u16(b, p + 8);
    const method = u16(b, p + 10);
    const crc = u32(b, p + 16);
    let csize = u32(b, p + 20);
    let size = u32(b, p + 24);
    const nameLen = u16(b, p + 28);
    const extraLen = u16(b, p + 30);
    const commentLen = u16(b, p + 32);
    let lho = u32(b, p + 42);
    const nameEnd = p + 46 + nameLen;
    if (nameEnd + extraLen + commentLen > b.length) throw new XxgkError('corrupt_file', 'zip central directory is damaged');
    const name = utf8.decode(b.subarray(p + 46, nameEnd));
    // ZIP64 extended information extra field
    if (size === 0xffffffff || csize === 0xffffffff || lho === 0xffffffff) {
      let q = nameEnd;
      const end = nameEnd + extraLen;
      while (q + 4 <= end) {
        const id = u16(b, q);
        const len = u16(b, q + 2);
        if (id === 0x0001) {
          let r = q + 4;
          if (size === 0xffffffff && r + 8 <= q + 4 + len) (size = u64(b, r)), (r += 8);
          if (csize === 0xffffffff && r + 8 <= q + 4 + len) (csize = u64(b, r)), (r += 8);
          if (lho === 0xffffffff && r + 8 <= q + 4 + len) (lho = u64(b, r)), (r += 8);
          break;
        }
        q += 4 + len;
      }
    }
    total += size;
    if (total > limits.maxTotalBytes) {
      throw new XxgkError('too_large', `zip archive declares more than ${limits.maxTotalBytes} bytes uncompressed in total`);
    }
    if (method === 8 && size > 1024 * 1024 && size / Math.max(1, csize) > MAX_DEFLATE_RATIO) {
      throw new XxgkError('corrupt_file', `zip entry ${name} declares an impossible compression ratio (${size} from ${csize} bytes)`);
    }
    if (!entries.has(name)) entries.set(name, { name, method, flags, crc32: crc, compressedSize: csize, size, localHeaderOffset: lho });
    p = nameEnd + extraLen + commentLen;
  }
  return { entries, total };
}

/** Inflate raw DEFLATE data, refusing to produce more than `declared` bytes. */
function inflateCapped(data: Uint8Array, declared: number, name: string): Uint8Array {
  const out = new Uint8Array(declared);
  let got = 0;
  let over = false;
  let ended = false;
  const inf = new Inflate((chunk, final) => {
    if (over) return;
    if (got + chunk.length > declared) {
      over = true;
      return;
    }
    out.set(chunk, got);
    got += chunk.length;
    if (final) ended = true;
  });
  try {
    const step = inflateChunk(declared);
    for (let i = 0; i < data.length && !over && !ended; i += step) {
      const end = Math.min(data.length, i + step);
      inf.push(data.subarray(i, end), end === data.length);
    }
  } catch (e) {
    throw new XxgkError('corrupt_file', `zip entry ${name}: invalid compressed data (${(e as Error).message})`, { cause: e });
  }
  if (over) throw new XxgkError('corrupt_file', `zip entry ${name} inflates to more than its declared ${declared} bytes`);
  if (got !== declared) throw new XxgkError('corrupt_file', `zip entry ${name} inflates to ${got} bytes, not the declared ${declared} (truncated?)`);
  return out;
}

let CRC_TABLE: Uint32Array | undefined;
export function crc32(data: Uint8Array): number {
  if (!CRC_TABLE) {
    CRC_TABLE = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      CRC_TABLE[n] = c >>> 0;
    }
  }
  const t = CRC_TABLE;
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = t[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
