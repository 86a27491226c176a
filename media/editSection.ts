import type { GalleryItem } from '../src/protocol/gallery';
import type { ComposeOptions } from '../src/protocol/options';
import { labelledSelect } from './controls';
import { button, el } from './dom';
import type { HostClient } from './hostClient';
import { JobControls } from './jobControls';
import { MaskCanvas } from './maskCanvas';
import type { Persisted } from './persisted';
import { Watch } from './watch';

/** Edit: pick a history image, paint the area to change, add references, describe the change, send it as an edit. */
export class EditSection {
  readonly root = el('div', { className: 'edit' });
  private readonly picker = el('div');
  private readonly stage = el('div', { className: 'stage' });
  private readonly tools = el('div', { className: 'row tools' });
  private readonly references = el('div', { className: 'references' });
  private readonly prompt = document.createElement('vscode-textarea');
  private readonly mask: MaskCanvas;
  private readonly maskState = el('p', { className: 'meta', attrs: { 'aria-live': 'polite' } });
  private readonly estimate = el('p', { className: 'estimate', attrs: { 'aria-live': 'polite', 'data-testid': 'edit-estimate' } });
  private estimateSeq = 0;
  private readonly job: JobControls;
  private readonly watch: Watch;
  private items: GalleryItem[] = [];
  private loadedId: string | undefined;

  constructor(private readonly client: HostClient, private readonly persisted: Persisted, private readonly options: () => ComposeOptions | undefined, onResults: (items: GalleryItem[]) => void) {
    this.mask = new MaskCanvas(() => {
      this.maskState.textContent = this.mask.painted ? 'Painted areas will change; the rest is kept.' : 'Nothing painted: the whole image may change.';
    });
    this.watch = new Watch({ runFix: (fix) => client.send({ type: 'runFix', fix }), retry: () => this.apply(), editPrompt: () => this.prompt.focus() });
    this.prompt.setAttribute('aria-label', 'Describe the change');
    this.prompt.setAttribute('placeholder', 'Describe the change, e.g. "make the sky stormy"');
    this.prompt.setAttribute('rows', '2');
    this.prompt.id = 'edit-prompt';
    this.prompt.value = persisted.get().editPrompt;
    this.prompt.addEventListener('input', () => {
      this.persisted.update({ editPrompt: this.prompt.value });
      this.requestEstimate();
    });
    const brush = el('input', { attrs: { type: 'range', min: '4', max: '200', value: String(this.mask.brushSize), id: 'brush-size', 'aria-label': 'Brush size' } });
    brush.addEventListener('input', () => { this.mask.brushSize = Number(brush.value); });
    const eraser = document.createElement('vscode-checkbox');
    eraser.setAttribute('label', 'Eraser');
    eraser.addEventListener('change', () => { this.mask.eraser = eraser.checked; });
    this.tools.append(el('label', { className: 'brush', attrs: { for: 'brush-size' }, text: 'Brush' }), brush, eraser, button('Clear Mask', 'clear-all', () => this.mask.clear(), { secondary: true, testId: 'clearMask' }));
    this.job = new JobControls(client, this.watch, 'Apply Edit', 'wand', 'applyEdit', () => this.apply(), onResults);
    const label = document.createElement('vscode-label');
    label.htmlFor = 'edit-prompt';
    label.textContent = 'Change';
    this.root.append(this.picker, this.stage, this.tools, this.maskState, this.references, label, this.prompt, this.estimate, el('div', { className: 'row' }, this.job.start, this.job.cancel), this.watch.root);
  }

  set(items: GalleryItem[]): void {
    this.items = items.filter((i) => i.src);
    const selected = this.persisted.get().editImageId;
    this.picker.replaceChildren(labelledSelect('Image to edit', [{ value: '', text: this.items.length ? 'Choose an image…' : 'No images yet' }, ...this.items.map((i) => ({ value: i.id, text: i.prompt.slice(0, 60) || i.label }))], selected ?? '', (id) => this.select(id || undefined), 'edit-image'));
    this.select(selected);
    this.renderReferences();
  }

  /** Chooses the image to edit (from the history's Edit button or the picker). */
  select(id: string | undefined): void {
    const item = id ? this.items.find((i) => i.id === id) : undefined;
    this.persisted.update({ ...(item ? { editImageId: item.id } : {}) });
    if (item?.id === this.loadedId) return;
    this.loadedId = item?.id;
    if (!item?.src) {
      this.stage.replaceChildren(el('p', { className: 'meta', text: 'Pick an image above, or press Edit on one in the history.' }));
      this.tools.hidden = true;
      return;
    }
    const img = el('img', { className: 'edit-image', attrs: { alt: `Image to edit: ${item.prompt.slice(0, 120)}` } });
    img.addEventListener('load', () => {
      this.mask.reset(img.naturalWidth, img.naturalHeight);
      this.stage.dataset['ready'] = 'true';
    });
    this.stage.dataset['ready'] = 'false';
    img.src = item.src;
    this.stage.replaceChildren(img, this.mask.canvas);
    this.tools.hidden = false;
    this.requestEstimate();
  }

  /** The edit's cost, input image tokens included (the host reads the image to count them). */
  requestEstimate(): void {
    const options = this.options();
    const editOf = this.loadedId;
    if (!options || !editOf) {
      this.estimate.textContent = '';
      return;
    }
    const seq = ++this.estimateSeq;
    void this.client.request({ type: 'estimate', prompt: this.prompt.value.slice(0, 32_000), options, editOf }).reply.then((answer) => {
      if (seq !== this.estimateSeq) return;
      this.estimate.textContent = answer.ok && answer.result.kind === 'estimate' ? `Estimated cost: ${answer.result.text}` : answer.ok ? '' : answer.error.message;
    });
  }

  addReference(item: GalleryItem): void {
    const ids = this.persisted.get().referenceIds;
    if (!ids.includes(item.id) && ids.length < 15) this.persisted.update({ referenceIds: [...ids, item.id] });
    this.renderReferences();
  }

  private renderReferences(): void {
    const ids = this.persisted.get().referenceIds.filter((id) => this.items.some((i) => i.id === id));
    if (ids.length === 0) {
      this.references.replaceChildren();
      return;
    }
    this.references.replaceChildren(el('p', { className: 'meta', text: 'Reference images:' }), ...ids.map((id) => {
      const item = this.items.find((i) => i.id === id);
      const thumb = el('img', { className: 'ref-thumb', attrs: { alt: item?.prompt.slice(0, 80) ?? 'reference' } });
      if (item?.src) thumb.src = item.src;
      return el('span', { className: 'reference' }, thumb, button('Remove reference', 'close', () => {
        this.persisted.update({ referenceIds: this.persisted.get().referenceIds.filter((r) => r !== id) });
        this.renderReferences();
      }, { iconOnly: true }));
    }));
  }

  private apply(): void {
    const options = this.options();
    const imageId = this.loadedId;
    const prompt = this.prompt.value.trim();
    if (this.job.busy || !options) return;
    if (!imageId) return this.watch.fail({ message: 'Pick an image to edit first.', fixes: [] });
    if (prompt === '') return this.watch.fail({ message: 'Describe the change first.', fixes: [{ kind: 'edit-prompt' }] });
    const maskPng = this.mask.toPngBase64();
    const referenceIds = this.persisted.get().referenceIds.filter((id) => id !== imageId);
    this.job.run({ type: 'edit', prompt, options, imageId, referenceIds, ...(maskPng ? { maskPng } : {}) }, 'Sending the edit…');
  }
}
