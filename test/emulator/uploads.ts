/** Checks the files of an edit: field names, count, MIME types, sizes, decodability and the mask. */
import sharp = require('sharp');
import { MAX_EDIT_IMAGES } from './constants';
import { arrayTooLong, invalidValue, listValues, missingParameter, unknownParameter } from './errors';
import type { UploadedFile } from './multipart';

export interface DecodedImage {
  readonly bytes: Buffer;
  readonly width: number;
  readonly height: number;
  readonly hasAlpha: boolean;
  readonly format: string;
}

export interface EditInputs {
  readonly images: readonly DecodedImage[];
  readonly mask: DecodedImage | undefined;
}

const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'];
const FILE_FIELDS = new Set(['image', 'image[]', 'mask']);

function checkType(file: UploadedFile, param: string, allowed: readonly string[]): void {
  const type = file.type.split(';')[0]?.trim().toLowerCase() ?? '';
  if (!allowed.includes(type)) {
    throw invalidValue(
      param,
      `Invalid file '${param}': unsupported mimetype ('${type}'). Supported file formats are ${listValues(allowed)}.`,
    );
  }
}

function checkSize(file: UploadedFile, param: string, maxBytes: number): void {
  if (file.bytes.length >= maxBytes) {
    throw invalidValue(
      param,
      `Invalid file '${param}': file too large (${file.bytes.length} bytes). ` +
        `Each file must be smaller than ${Math.round(maxBytes / 1024 / 1024)}MB.`,
    );
  }
}

async function decode(file: UploadedFile, onFail: () => Error): Promise<DecodedImage> {
  try {
    const meta = await sharp(file.bytes).metadata();
    if (!meta.width || !meta.height || !meta.format) throw onFail();
    const rotated = (meta.orientation ?? 1) >= 5;
    return {
      bytes: file.bytes,
      width: rotated ? meta.height : meta.width,
      height: rotated ? meta.width : meta.height,
      hasAlpha: meta.hasAlpha,
      format: meta.format,
    };
  } catch {
    throw onFail();
  }
}

/** Validates the uploads of an edit; throws the API's 400 for the first problem found. */
export async function validateEditUploads(
  files: readonly UploadedFile[],
  textFields: Readonly<Record<string, unknown>>,
  maxFileBytes: number,
): Promise<EditInputs> {
  for (const name of FILE_FIELDS) {
    if (textFields[name] !== undefined) {
      throw invalidValue(
        name,
        `Invalid file '${name.replace('[]', '')}': expected a file upload, but got a text field.`,
      );
    }
  }
  for (const f of files) {
    if (!FILE_FIELDS.has(f.field)) throw unknownParameter(f.field);
  }
  const imageFiles = files.filter((f) => f.field === 'image' || f.field === 'image[]');
  const maskFiles = files.filter((f) => f.field === 'mask');
  if (imageFiles.length === 0) throw missingParameter('image');
  if (imageFiles.length > MAX_EDIT_IMAGES) throw arrayTooLong('image', MAX_EDIT_IMAGES, imageFiles.length);
  if (maskFiles.length > 1) throw invalidValue('mask', "Invalid 'mask': only one mask may be given.");

  const images: DecodedImage[] = [];
  for (const [i, file] of imageFiles.entries()) {
    checkType(file, 'image', IMAGE_TYPES);
    checkSize(file, 'image', maxFileBytes);
    images.push(
      await decode(file, () =>
        invalidValue('image', `Invalid image file or mode for image ${i + 1}, please check your image file.`),
      ),
    );
  }

  const maskFile = maskFiles[0];
  if (!maskFile) return { images, mask: undefined };
  checkType(maskFile, 'mask', ['image/png']);
  checkSize(maskFile, 'mask', maxFileBytes);
  const mask = await decode(maskFile, () =>
    invalidValue('mask', 'Invalid mask image file, please check your image file.'),
  );
  if (mask.format !== 'png')
    throw invalidValue('mask', `Invalid mask image format - mask must be a PNG file, got '${mask.format}'.`);
  if (!mask.hasAlpha) throw invalidValue('mask', 'Invalid mask image format - mask image missing alpha channel');
  const first = images[0];
  if (first && (first.width !== mask.width || first.height !== mask.height)) {
    throw invalidValue(
      'mask',
      `Invalid mask image dimensions - mask size ${mask.width}x${mask.height} ` +
        `does not match image size ${first.width}x${first.height}. The mask and image must have the same dimensions.`,
    );
  }
  return { images, mask };
}
