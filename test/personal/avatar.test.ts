/**
 * POST /api/personal/avatar and GET /api/avatars/:id (SPEC section 7): images recognised by
 * content and re-encoded, everything else refused with nothing changed, limits held while
 * streaming, the stored image served with an ETag and cached forever.
 */
import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, buildTestApp, registerUser, type TestApp } from '../helpers/app.js';

interface Part {
  name: string;
  data: Buffer | string;
  filename?: string;
  type?: string;
}

/** A multipart/form-data body as a client library would send it. */
async function multipart(parts: Part[]) {
  const form = new FormData();
  for (const p of parts) {
    if (p.filename === undefined) form.append(p.name, typeof p.data === 'string' ? p.data : p.data.toString());
    else
      form.append(
        p.name,
        new Blob([typeof p.data === 'string' ? p.data : new Uint8Array(p.data)], { type: p.type ?? 'application/octet-stream' }),
        p.filename,
      );
  }
  const req = new Request('http://localhost/', { method: 'POST', body: form });
  return { payload: Buffer.from(await req.arrayBuffer()), contentType: req.headers.get('content-type')! };
}

const image = (format: 'png' | 'jpeg' | 'gif' | 'webp', width = 400, height = 300) =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 30, b: 90 } } })
    .toFormat(format)
    .toBuffer();

/** A valid PNG whose header declares `width`×`height` (a decompression bomb's header). */
async function pngDeclaring(width: number, height: number): Promise<Buffer> {
  const png = Buffer.from(await image('png', 8, 8));
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)) >>> 0, 29);
  return png;
}

let t: TestApp;
let token: string;

async function upload(parts: Part[], headers: Record<string, string> = {}, app = t, tok = token) {
  const { payload, contentType } = await multipart(parts);
  return app.request({
    method: 'POST',
    url: '/api/personal/avatar',
    headers: { ...auth(tok), 'content-type': contentType, ...headers },
    payload,
  });
}
const file = (data: Buffer | string, filename = 'me.png', type = 'image/png'): Part => ({ name: 'file', data, filename, type });
const me = async () => (await t.request({ method: 'GET', url: '/api/personal/info', headers: auth(token) })).body.data;
const storedCount = async () =>
  Number(
    (
      await t.container.database.db
        .selectFrom('avatars')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  t = await buildTestApp();
  token = (await registerUser(t)).accessToken;
});
afterAll(() => t.close());

describe('POST /api/personal/avatar', () => {
  it.each(['png', 'jpeg', 'gif', 'webp'] as const)('takes a %s, re-encodes it to a 256×256 WebP and answers the user', async (format) => {
    const res = await upload([file(await image(format), `photo.${format}`, `image/${format}`)]);
    expect(res.status).toBe(200);
    expect(res.body.code).toBe(0);
    expect(res.body.data.avatar).toMatch(/^http:\/\/localhost(:80)?\/api\/avatars\/[A-Za-z0-9]{32}$/);
    expect((await me()).avatar).toBe(res.body.data.avatar);
    const got = await t.app.inject({ method: 'GET', url: new URL(res.body.data.avatar as string).pathname });
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/webp');
    const meta = await sharp(got.rawPayload).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 256, height: 256 });
  });

  it('crops from the centre and strips the metadata', async () => {
    const wide = await sharp({ create: { width: 900, height: 300, channels: 3, background: '#000' } })
      .composite([{ input: await image('png', 300, 300), left: 300, top: 0 }])
      .jpeg()
      .withMetadata({ exif: { IFD0: { Copyright: 'secret place' } } })
      .toBuffer();
    expect((await sharp(wide).metadata()).exif).toBeDefined();
    const res = await upload([file(wide, 'wide.jpg', 'image/jpeg')]);
    const got = await t.app.inject({ method: 'GET', url: new URL(res.body.data.avatar as string).pathname });
    const meta = await sharp(got.rawPayload).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.icc).toBeUndefined();
    // The centre square was the coloured one: no black border survives the crop.
    const { data } = await sharp(got.rawPayload).raw().toBuffer({ resolveWithObject: true });
    expect(data[0]).toBeGreaterThan(150);
  });

  it('serves the image with a strong ETag, cached forever; If-None-Match answers 304', async () => {
    const res = await upload([file(await image('png'))]);
    const path = new URL(res.body.data.avatar as string).pathname;
    const got = await t.app.inject({ method: 'GET', url: path });
    expect(got.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    const etag = got.headers.etag as string;
    expect(etag).toMatch(/^"[^"]+"$/);
    const again = await t.app.inject({ method: 'GET', url: path, headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(etag);
    const other = await t.app.inject({ method: 'GET', url: path, headers: { 'if-none-match': '"something-else"' } });
    expect(other.statusCode).toBe(200);
  });

  it('gives every upload a new URL and removes the previous image', async () => {
    const first = (await upload([file(await image('png'))])).body.data.avatar as string;
    const second = (await upload([file(await image('png'))])).body.data.avatar as string;
    expect(second).not.toBe(first);
    const old = await t.request({ method: 'GET', url: new URL(first).pathname });
    expect(old.status).toBe(404);
    expect(old.body.code).toBe(10001);
    expect(await storedCount()).toBe(1);
  });

  it('answers 10001 for an unknown avatar and 10005 for a malformed id, without auth', async () => {
    expect((await t.request({ method: 'GET', url: '/api/avatars/NoSuchAvatar1234' })).body.code).toBe(10001);
    expect((await t.request({ method: 'GET', url: '/api/avatars/..%2Fetc' })).body.code).toBe(10005);
  });

  it('needs a token', async () => {
    const res = await upload([file(await image('png'))], {}, t, 'nope');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe(10004);
  });

  describe('refusals change nothing', () => {
    let before: unknown;
    let count: number;
    beforeAll(async () => {
      await upload([file(await image('png'))]);
      before = await me();
      count = await storedCount();
    });
    const unchanged = async () => {
      expect(await me()).toEqual(before);
      expect(await storedCount()).toBe(count);
    };

    it.each([
      ['a text file named x.png', async () => [file('hello, I am not an image\n'.repeat(20), 'x.png', 'image/png')]],
      ['a truncated PNG', async () => [file((await image('png', 600, 600)).subarray(0, 400))]],
      ['a PNG bomb (huge declared dimensions)', async () => [file(await pngDeclaring(100_000, 100_000))]],
      ['a PNG declaring just over the pixel limit', async () => [file(await pngDeclaring(10_000, 5_001))]],
      ['an SVG', async () => [file('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', 'a.svg', 'image/svg+xml')]],
      ['no file part', async () => [{ name: 'nickname', data: 'x' }]],
      ['a file part under another name', async () => [{ ...file(await image('png')), name: 'avatar' }]],
      ['two files', async () => [file(await image('png')), file(await image('jpeg'), 'b.jpg', 'image/jpeg')]],
      ['an empty file', async () => [file(Buffer.alloc(0))]],
    ])('%s: 10005', async (_name, parts) => {
      const res = await upload(await parts());
      expect(res.status).toBe(400);
      expect(res.body.code).toBe(10005);
      await unchanged();
    });

    it('a JSON body or a malformed multipart body: 10005', async () => {
      const json = await t.request({ method: 'POST', url: '/api/personal/avatar', headers: auth(token), payload: { file: 'x' } });
      expect(json.body.code).toBe(10005);
      const broken = await t.request({
        method: 'POST',
        url: '/api/personal/avatar',
        headers: { ...auth(token), 'content-type': 'multipart/form-data; boundary=XYZ' },
        payload: '--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n\x89PNG',
      });
      expect(broken.body.code).toBe(10005);
      await unchanged();
    });

    it('a 6 MiB upload: 413 and 10005, whether its length is declared or it streams', async () => {
      const big = Buffer.concat([await image('png'), Buffer.alloc(6 * 1024 * 1024, 7)]);
      const declared = await upload([file(big)]);
      expect(declared.status).toBe(413);
      expect(declared.body.code).toBe(10005);
      const { payload, contentType } = await multipart([file(big)]);
      // Sent in 64-KiB chunks without a Content-Length: only the streaming limit stops it.
      const chunks = Array.from({ length: Math.ceil(payload.length / 65536) }, (_, i) => payload.subarray(i * 65536, (i + 1) * 65536));
      const streamed = await t.app.inject({
        method: 'POST',
        url: '/api/personal/avatar',
        headers: { ...auth(token), 'content-type': contentType, 'transfer-encoding': 'chunked' },
        payload: Readable.from(chunks),
      });
      expect(streamed.statusCode).toBe(413);
      expect(streamed.json().code).toBe(10005);
      await unchanged();
    });

    it('just under 5 MiB is taken', async () => {
      const padded = Buffer.concat([await image('png'), Buffer.alloc(5 * 1024 * 1024 - 20_000, 0)]);
      const res = await upload([file(padded)]);
      expect(res.body.code).toBe(0);
    });
  });

  it('re-encodes off the event loop: a 49-megapixel image leaves the loop free meanwhile', async () => {
    // Interlaced: libvips decodes it whole, a good half second of work.
    const huge = await sharp({ create: { width: 7000, height: 7000, channels: 3, background: '#36c' } })
      .png({ progressive: true })
      .toBuffer();
    let longestGap = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
    }, 5);
    const started = performance.now();
    const res = await upload([file(huge)]);
    const took = performance.now() - started;
    clearInterval(ticker);
    expect(res.body.code).toBe(0);
    // Decoding 49 MP takes a good while; the loop kept ticking all along.
    expect(longestGap).toBeLessThan(Math.max(150, took / 3));
  });

  it('PUT /api/personal/info still takes an external URL', async () => {
    const res = await t.request({
      method: 'PUT',
      url: '/api/personal/info',
      headers: auth(token),
      payload: { avatar: 'https://cdn.example.com/me.png' },
    });
    expect(res.body.data.avatar).toBe('https://cdn.example.com/me.png');
  });
});

describe('PUBLIC_URL', () => {
  it('makes the avatar URL absolute on it', async () => {
    const pub = await buildTestApp({ env: { PUBLIC_URL: 'https://api.example.com/' } });
    try {
      const tok = (await registerUser(pub)).accessToken;
      const res = await upload([file(await image('png'))], {}, pub, tok);
      expect(res.body.data.avatar).toMatch(/^https:\/\/api\.example\.com\/api\/avatars\/[A-Za-z0-9]{32}$/);
    } finally {
      await pub.close();
    }
  });
});

describe('OpenAPI', () => {
  it('documents the multipart upload and the image route', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const post = doc.paths['/api/personal/avatar'].post;
    expect(Object.keys(post.requestBody.content)).toEqual(['multipart/form-data']);
    expect(post.requestBody.content['multipart/form-data'].schema.properties.file).toMatchObject({ type: 'string', format: 'binary' });
    expect(doc.paths['/api/avatars/{id}'].get.responses['200'].content['image/webp']).toBeDefined();
  });
});
