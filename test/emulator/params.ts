/** Typed reads of request parameters from a JSON body or from multipart text fields (where every value is a string). */
import { invalidType } from './errors';

export type ParamSource = 'json' | 'form';

function describe(value: unknown): string {
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'boolean') return 'a boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a decimal';
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return 'an object';
}

export class ParamReader {
  constructor(
    private readonly raw: Readonly<Record<string, unknown>>,
    private readonly source: ParamSource,
  ) {}

  keys(): string[] {
    return Object.keys(this.raw);
  }

  /** Present and not null (the API treats null as omitted). */
  has(name: string): boolean {
    return this.raw[name] !== undefined && this.raw[name] !== null;
  }

  string(name: string): string | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw invalidType(name, 'a string', describe(v));
    return v;
  }

  integer(name: string): number | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null) return undefined;
    if (this.source === 'form' && typeof v === 'string') {
      if (!/^-?\d+$/.test(v.trim())) throw invalidType(name, 'an integer', 'a string');
      return Number(v.trim());
    }
    if (typeof v !== 'number' || !Number.isInteger(v)) throw invalidType(name, 'an integer', describe(v));
    return v;
  }

  boolean(name: string): boolean | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null) return undefined;
    if (this.source === 'form' && typeof v === 'string') {
      if (v === 'true') return true;
      if (v === 'false') return false;
      throw invalidType(name, 'a boolean', 'a string');
    }
    if (typeof v !== 'boolean') throw invalidType(name, 'a boolean', describe(v));
    return v;
  }
}
