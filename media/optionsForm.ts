import type { ComposeOptions, ModelChoice } from '../src/protocol/options';
import { labelledSelect } from './controls';
import { el } from './dom';
import { allowedFor, normalise } from './optionRules';

const plain = (values: readonly string[]): { value: string; text: string }[] =>
  values.map((v) => ({ value: v, text: v }));

/** The option controls; rebuilt from the model's choices on each change, so only accepted values are ever offered. */
export class OptionsForm {
  readonly root = el('div', { className: 'options' });
  private models: readonly ModelChoice[] = [];
  private options: ComposeOptions | undefined;

  constructor(private readonly onChange: (options: ComposeOptions) => void) {}

  get value(): ComposeOptions | undefined {
    return this.options;
  }

  set(models: readonly ModelChoice[], options: ComposeOptions): void {
    this.models = models;
    this.options = normalise(options, models);
    this.render();
  }

  private change(patch: Partial<ComposeOptions>): void {
    if (!this.options) return;
    const focused = (document.activeElement as HTMLElement | null)?.dataset['option'];
    this.options = normalise({ ...this.options, ...patch }, this.models);
    this.render();
    if (focused) this.root.querySelector<HTMLElement>(`[data-option="${focused}"]`)?.focus();
    this.onChange(this.options);
  }

  private render(): void {
    const o = this.options;
    const choice = this.models.find((m) => m.id === o?.model);
    if (!o || !choice) return;
    const allowed = allowedFor(choice, o);
    const fields: HTMLElement[] = [
      labelledSelect(
        'Model',
        this.models.map((m) => ({ value: m.id, text: m.label })),
        o.model,
        (model) => this.change({ model }),
        'model',
      ),
      labelledSelect('Size', plain(allowed.sizes), o.size, (size) => this.change({ size }), 'size'),
      labelledSelect(
        'Quality',
        plain(allowed.qualities),
        o.quality,
        (quality) => this.change({ quality: quality as ComposeOptions['quality'] }),
        'quality',
      ),
      labelledSelect(
        'Background',
        plain(allowed.backgrounds),
        o.background,
        (background) => this.change({ background: background as ComposeOptions['background'] }),
        'background',
      ),
      labelledSelect(
        'Format',
        plain(allowed.formats),
        o.outputFormat,
        (outputFormat) => this.change({ outputFormat: outputFormat as ComposeOptions['outputFormat'] }),
        'format',
      ),
      labelledSelect(
        'Images',
        plain(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']),
        String(o.n),
        (n) => this.change({ n: Number(n) }),
        'n',
      ),
    ];
    if (allowed.compression) {
      const steps = ['default', '100', '90', '80', '70', '60', '50', '25', '0'];
      const current = o.outputCompression === null ? 'default' : String(o.outputCompression);
      const values = steps.includes(current) ? steps : [...steps, current];
      fields.push(
        labelledSelect(
          'Compression',
          values.map((v) => ({ value: v, text: v === 'default' ? 'API default' : `${v}%` })),
          current,
          (v) => this.change({ outputCompression: v === 'default' ? null : Number(v) }),
          'compression',
        ),
      );
    }
    const stream = document.createElement('vscode-checkbox');
    stream.setAttribute('label', 'Stream previews');
    stream.dataset['option'] = 'stream';
    stream.checked = o.stream;
    stream.addEventListener('change', () => this.change({ stream: stream.checked }));
    const notice = choice.notice ? el('p', { className: 'notice', text: choice.notice }) : '';
    this.root.replaceChildren(el('div', { className: 'grid' }, ...fields), stream, notice);
  }
}
