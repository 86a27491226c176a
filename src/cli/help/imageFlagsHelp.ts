/** The help lines for the image option flags `generate`, `edit` and `batch submit` share (see imageFlags.ts). */
import { BACKGROUNDS, MODERATIONS, OUTPUT_FORMATS, QUALITIES } from '../../facts/imageOptions';
import { DEFAULT_MODEL } from '../../core/request/models';

export const IMAGE_FLAGS_HELP = `Image options:
  --model ID            GPT Image model (default ${DEFAULT_MODEL})
  --size auto|WxH       e.g. 1024x1024, 1536x1024 (default auto)
  --quality Q           ${QUALITIES.join(', ')} (default auto)
  --background B        ${BACKGROUNDS.join(', ')} (default auto)
  --format F            ${OUTPUT_FORMATS.join(', ')} (default png)
  --compression 0-100   for jpeg and webp
  --moderation M        ${MODERATIONS.join(', ')} (default auto)
  --n 1-10              images per prompt (default 1)`;
