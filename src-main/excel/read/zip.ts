import { AppError } from '../../domain/errors.ts';
import { MESSAGES, unusable } from './unusable.ts';

// A minimal reader of the zip container (central directory only), so that each part of an .xlsx can be
// inflated on its own: small parts at once (fflate), the big sheet parts as a stream of chunks through
// Node's native zlib (about three times faster than fflate's JavaScript inflate on a 200,000-row sheet,
// measured here), keeping memory bounded and letting the UTF-8 decoder see chunk boundaries correctly.

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

type Fflate = typeof import('fflate');

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

/** inflates a whole (small) part */
export function readEntry(fflate: Fflate, bytes: Uint8Array, e: ZipEntry): Uint8Array {
  const [start, end] = dataRange(bytes, e);
  const raw = bytes.subarray(start, end);
  if (e.method === 0) return raw;
  if (e.method !== 8) throw unusable(MESSAGES.corruptZip);
  try {
    return fflate.inflateSync(raw, e.size ? { out: new Uint8Array(e.size) } : undefined);
  } catch {
    throw unusable(MESSAGES.corruptZip);
  }
}

export const readEntryText = (fflate: Fflate, bytes: Uint8Array, e: ZipEntry): string =>
  new TextDecoder().decode(readEntry(fflate, bytes, e));

/**
 * Streams a part as text: `onText` receives decoded pieces in order. The TextDecoder is used in
 * streaming mode, so a character split across two inflated chunks is joined, never replaced by U+FFFD
 * (the defect of exceljs's streaming reader).
 */
export async function streamEntryText(
  bytes: Uint8Array,
  e: ZipEntry,
  onText: (text: string) => void,
  opts: { onProgress?: (fraction: number) => void; signal?: AbortSignal } = {},
): Promise<void> {
  const [start, end] = dataRange(bytes, e);
  const decoder = new TextDecoder('utf-8');
  if (e.method === 0) {
    onText(decoder.decode(bytes.subarray(start, end)));
    return;
  }
  if (e.method !== 8) throw unusable(MESSAGES.corruptZip);
  let produced = 0;
  const zlib = await import('node:zlib');
  const inflater = zlib.createInflateRaw({ chunkSize: 1 << 15 });
  inflater.end(bytes.subarray(start, end));
  try {
    for await (const chunk of inflater as AsyncIterable<Buffer>) {
      produced += chunk.length;
      onText(decoder.decode(chunk, { stream: true }));
      opts.onProgress?.(Math.min(1, produced / Math.max(1, e.size)));
      if (opts.signal?.aborted) {
        inflater.destroy();
        throw new AppError('CANCELLED', MESSAGES.cancelled);
      }
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw unusable(MESSAGES.corruptZip);
  }
  if (e.size && produced !== e.size) throw unusable(MESSAGES.corruptZip);
  onText(decoder.decode());
}
