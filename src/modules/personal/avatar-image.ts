/**
 * Turning an upload into an avatar: the format is recognised from the bytes themselves
 * (never the file name or the declared type), the declared dimensions are checked before
 * any pixel is decoded (a small PNG can declare gigapixels), and the image is re-encoded
 * to a 256×256 WebP, centre-cropped, without the original's metadata (EXIF, GPS).
 *
 * sharp does the decoding and encoding on libuv's thread pool, off the event loop; the
 * semaphore below bounds how many run at once, so a burst of uploads cannot hold every
 * pool thread (DNS, file I/O and argon2 share it) or decode many large images in memory.
 */
import type { Metadata } from 'sharp';
import { invalidField } from '../../platform/errors.js';

export const AVATAR_SIZE = 256;
/** Room for any phone photo (48 MP sensors) and refusal of decompression bombs. */
export const MAX_INPUT_PIXELS = 50_000_000;
const MAX_CONCURRENT = 2;

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp';

const startsWith = (bytes: Buffer, signature: number[], at = 0) =>
  bytes.length >= at + signature.length && signature.every((b, i) => bytes[at + i] === b);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** The format the bytes announce by their signature, or undefined. */
export function sniffFormat(bytes: Buffer): ImageFormat | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'webp';
  return undefined;
}

class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly max: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so `active` stays counted.
      if (next) next();
      else this.active--;
    }
  }
}

const reencoding = new Semaphore(MAX_CONCURRENT);

// Loaded at the first upload: libvips adds ~15 MB to the resident memory of every server,
// most of which never receives an avatar.
let loading: Promise<typeof import('sharp')> | undefined;
const loadSharp = async () => (await (loading ??= import('sharp'))).default;

const refuse = (reason: string) => invalidField('file', reason);

/** The avatar WebP for an uploaded image; 10005 for anything that is not a sound PNG, JPEG, GIF or WebP. */
export async function toAvatarWebp(upload: Buffer): Promise<Buffer> {
  const format = sniffFormat(upload);
  if (!format) throw refuse('must be a PNG, JPEG, GIF or WebP image');
  return reencoding.run(async () => {
    const sharp = await loadSharp();
    const options = { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' as const, pages: 1 };
    let meta: Metadata;
    try {
      meta = await sharp(upload, options).metadata();
    } catch {
      throw refuse('is not a readable image');
    }
    if (meta.format !== format) throw refuse('content does not match its signature');
    if (!meta.width || !meta.height) throw refuse('has no dimensions');
    if (meta.width * meta.height > MAX_INPUT_PIXELS) throw refuse(`larger than ${MAX_INPUT_PIXELS} pixels`);
    try {
      return await sharp(upload, { ...options, autoOrient: true })
        .resize(AVATAR_SIZE, AVATAR_SIZE, { fit: 'cover', position: 'centre' })
        .webp({ quality: 82 })
        .toBuffer();
    } catch {
      // Truncated or corrupt pixel data: the header parsed, the image does not decode.
      throw refuse('is not a readable image');
    }
  });
}
