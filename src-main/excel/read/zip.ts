import { AppError } from '../../domain/errors.ts';
import { checkPartGrowth, LIMIT_MESSAGES, limitError, MAX_PART_BYTES, type InflateBudget } from './limits.ts';
import { MESSAGES, unusable } from './unusable.ts';

// A minimal reader of the zip container (central directory only), so that each part of an .xlsx can be
// inflated on its own, as a stream of chunks through Node's native zlib (about three times faster than
// fflate's JavaScript inflate on a 200,000-row sheet, measured here), keeping memory bounded and letting
// the UTF-8 decoder see chunk boundaries correctly.
// Every part is checked while it inflates: its size and compression ratio against the limits (a zip
// bomb stops within megabytes), and at the end its CRC-32 and size against the central directory (a
// part altered without its checksum is refused, never imported: docs/safety.md#hostile-files).

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
  crc32: number;
}

const u16 = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8);
const u32 = (b: Uint8Array, o: number) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16)) + b[o + 3] * 0x1000000;

export function listEntries(bytes: Uint8Array): Map<string, ZipEntry> {
  // end-of-central-directory record: scan back over an optional comment (≤ 65535 bytes)
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 5 && bytes[i + 3] === 6) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw unusable(MESSAGES.corruptZip);
  const count = u16(bytes, eocd + 10);
  let p = u32(bytes, eocd + 16);
  const decoder = new TextDecoder();
  const entries = new Map<string, ZipEntry>();
  for (let n = 0; n < count; n++) {
    if (p + 46 > bytes.length || u32(bytes, p) !== 0x02014b50) throw unusable(MESSAGES.corruptZip);
    const nameLen = u16(bytes, p + 28);
    const extraLen = u16(bytes, p + 30);
    const commentLen = u16(bytes, p + 32);
    const name = decoder.decode(bytes.subarray(p + 46, p + 46 + nameLen));
    entries.set(name.replace(/^\//, ''), {
      name,
      method: u16(bytes, p + 10),
      crc32: u32(bytes, p + 16),
      compressedSize: u32(bytes, p + 20),
      size: u32(bytes, p + 24),
      localOffset: u32(bytes, p + 42),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

function dataRange(bytes: Uint8Array, e: ZipEntry): [number, number] {
  const h = e.localOffset;
  if (h + 30 > bytes.length || u32(bytes, h) !== 0x04034b50) throw unusable(MESSAGES.corruptZip);
  const start = h + 30 + u16(bytes, h + 26) + u16(bytes, h + 28);
  const end = start + e.compressedSize;
  if (end > bytes.length) throw unusable(MESSAGES.corruptZip);
  return [start, end];
}

/** inflates a whole (small) part, within `limit` bytes (streamed, so a lying size cannot blow it up) */
export async function readEntry(bytes: Uint8Array, e: ZipEntry, budget: InflateBudget, limit = MAX_PART_BYTES): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let n = 0;
  await streamEntryBytes(bytes, e, budget, (chunk) => {
    n += chunk.length;
    if (n > limit) throw limitError(LIMIT_MESSAGES.bomb);
    chunks.push(chunk);
  });
  return Buffer.concat(chunks);
}

export const readEntryText = async (bytes: Uint8Array, e: ZipEntry, budget: InflateBudget, limit?: number): Promise<string> =>
  new TextDecoder().decode(await readEntry(bytes, e, budget, limit));

/**
 * 32 KB pieces: a 1 MB chunk decodes into a 2 MB string that V8 keeps in its large-object space, which
 * only a full collection frees (a 200,000-row sheet peaked 440 MB higher for that alone)
 */
const CHUNK = 1 << 15;

/** the inflated bytes of a part, chunk by chunk, checked against the limits, its size and its CRC-32 */
export async function streamEntryBytes(
  bytes: Uint8Array,
  e: ZipEntry,
  budget: InflateBudget,
  onChunk: (chunk: Buffer) => void,
  opts: { onProgress?: (fraction: number) => void; signal?: AbortSignal } = {},
): Promise<void> {
  const [start, end] = dataRange(bytes, e);
  const zlib = await import('node:zlib');
  let crc = 0;
  let produced = 0;
  const take = (chunk: Buffer) => {
    produced += chunk.length;
    checkPartGrowth(produced, e.compressedSize);
    budget.add(chunk.length);
    crc = zlib.crc32(chunk, crc);
    onChunk(chunk);
    opts.onProgress?.(Math.min(1, produced / Math.max(1, e.size)));
  };
  if (e.method === 0) {
    const raw = Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start);
    for (let p = 0; p < raw.length; p += CHUNK) take(raw.subarray(p, Math.min(raw.length, p + CHUNK)));
  } else if (e.method === 8) {
    const inflater = zlib.createInflateRaw({ chunkSize: CHUNK });
    inflater.end(bytes.subarray(start, end));
    try {
      for await (const chunk of inflater as AsyncIterable<Buffer>) {
        take(chunk);
        if (opts.signal?.aborted) {
          inflater.destroy();
          throw new AppError('CANCELLED', MESSAGES.cancelled);
        }
      }
    } catch (err) {
      inflater.destroy();
      if (err instanceof AppError) throw err;
      throw unusable(MESSAGES.corruptZip);
    }
  } else throw unusable(MESSAGES.corruptZip);
  if (produced !== e.size) throw unusable(MESSAGES.corruptZip);
  if (crc >>> 0 !== e.crc32 >>> 0) throw limitError(LIMIT_MESSAGES.crc);
}

/**
 * Streams a part as text: `onText` receives decoded pieces in order. The TextDecoder is used in
 * streaming mode, so a character split across two inflated chunks is joined, never replaced by U+FFFD
 * (the defect of exceljs's streaming reader).
 */
export async function streamEntryText(
  bytes: Uint8Array,
  e: ZipEntry,
  budget: InflateBudget,
  onText: (text: string) => void,
  opts: { onProgress?: (fraction: number) => void; signal?: AbortSignal } = {},
): Promise<void> {
  const decoder = new TextDecoder('utf-8');
  await streamEntryBytes(bytes, e, budget, (chunk) => onText(decoder.decode(chunk, { stream: true })), opts);
  onText(decoder.decode());
}
