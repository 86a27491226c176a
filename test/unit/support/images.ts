/** Real PNG/JPEG/WebP bytes made with sharp, shared by the storage tests. */
import sharp from 'sharp';

/** A solid image; `alpha` below 1 makes every pixel partly transparent. */
export async function solidImage(
  format: 'png' | 'jpeg' | 'webp',
  options: { width?: number; height?: number; alpha?: number } = {},
): Promise<Uint8Array> {
  const image = sharp({
    create: {
      width: options.width ?? 8,
      height: options.height ?? 6,
      channels: 4,
      background: { r: 200, g: 40, b: 90, alpha: options.alpha ?? 1 },
    },
  });
  const encoded = format === 'png' ? image.png() : format === 'jpeg' ? image.jpeg() : image.webp({ lossless: true });
  return new Uint8Array(await encoded.toBuffer());
}

/** Rejects with the error `promise` throws, failing the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof Error) return err;
    throw new Error(`rejected with a non-Error: ${String(err)}`, { cause: err });
  }
  throw new Error('expected a rejection, but it resolved');
}
