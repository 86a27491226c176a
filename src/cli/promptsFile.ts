/**
 * The prompts file of `batch submit`: one prompt per line, or JSONL with `{"prompt": "...", ...options}` per line
 * (options named as the flags: model, size, quality, background, format, compression, moderation, n). Blank lines
 * and, in plain files, lines starting with # are skipped. Every problem names its line.
 */
import * as z from 'zod';
import { ImageStudioError } from '../core/errors';
import { BACKGROUNDS, MAX_PROMPT_CHARS, MODERATIONS, OUTPUT_FORMATS, QUALITIES } from '../facts/imageOptions';
import { SIZE_PATTERN } from '../facts/imageSizes';
import type { ImageFlags } from './imageFlags';

export interface PromptLine {
  /** 1-based line number in the file. */
  readonly line: number;
  readonly prompt: string;
  /** Options of this line, over the command's flags. */
  readonly options: ImageFlags;
}

const MAX_LINES = 50_000;

const jsonLineSchema = z
  .object({
    prompt: z.string().trim().min(1, 'prompt is empty').max(MAX_PROMPT_CHARS),
    model: z.string().trim().min(1).max(200).optional(),
    // The shape only: whether the size suits the model is parseImageRequest's call, as everywhere.
    size: z.string().regex(SIZE_PATTERN, 'use auto or WIDTHxHEIGHT').optional(),
    quality: z.enum(QUALITIES).optional(),
    background: z.enum(BACKGROUNDS).optional(),
    format: z.enum(OUTPUT_FORMATS).optional(),
    compression: z.number().int().min(0).max(100).optional(),
    moderation: z.enum(MODERATIONS).optional(),
    n: z.number().int().min(1).max(10).optional(),
  })
  .strict();

/** Parses the file's text; throws ImageStudioError naming the file and line of the first problem. */
export function parsePromptsFile(text: string, fileName: string): PromptLine[] {
  const rows = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const firstContent = rows.find((row) => row.trim() !== '' && !row.trim().startsWith('#'));
  const jsonl = fileName.toLowerCase().endsWith('.jsonl') || (firstContent?.trim().startsWith('{') ?? false);
  const lines: PromptLine[] = [];
  rows.forEach((row, index) => {
    const line = index + 1;
    const trimmed = row.trim();
    if (trimmed === '' || (!jsonl && trimmed.startsWith('#'))) return;
    lines.push(jsonl ? parseJsonLine(trimmed, fileName, line) : { line, prompt: trimmed, options: {} });
  });
  if (lines.length === 0) throw new ImageStudioError({ kind: 'prompts-file-empty', file: fileName });
  if (lines.length > MAX_LINES)
    throw new ImageStudioError({ kind: 'prompts-file-too-long', file: fileName, lines: lines.length, max: MAX_LINES });
  return lines;
}

function parseJsonLine(text: string, fileName: string, line: number): PromptLine {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw lineError(fileName, line, `not valid JSON (${err instanceof Error ? err.message : 'unreadable'})`);
  }
  const parsed = jsonLineSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `"${issue.path.map(String).join('.')}": ` : '';
    const detail =
      issue?.code === 'unrecognized_keys'
        ? `unknown option ${issue.keys.map((k) => `"${k}"`).join(', ')} (allowed: ` +
          `${Object.keys(jsonLineSchema.shape).join(', ')})`
        : `${where}${issue?.message ?? 'invalid'}`;
    throw lineError(fileName, line, detail);
  }
  const { prompt, ...options } = parsed.data;
  return { line, prompt, options };
}

function lineError(fileName: string, line: number, detail: string): ImageStudioError {
  return new ImageStudioError({ kind: 'prompts-file-invalid', file: fileName, line, detail });
}
