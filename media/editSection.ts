import type { GalleryItem } from '../src/protocol/gallery';
import type { ComposeOptions } from '../src/protocol/options';
import { brushSizes } from './brushKeys';
import { labelledSelect } from './controls';
import { button, el } from './dom';
import type { HostClient } from './hostClient';
import { JobControls } from './jobControls';
import { MaskCanvas } from './maskCanvas';
import type { Persisted } from './persisted';
import { Watch } from './watch';
import { maxPromptChars } from '../src/protocol/limits';

/** Edit: pick a history image, paint the area to change, add references, describe the change, send it as an edit. */
export class EditSection {
  readonly root = el('div', { className: 'edit' });
  private readonly picker = el('div');
  private readonly stage = el('div', { className: 'stage' });
  private readonly tools = el('div', { className: 'row tools' });
  private readonly references = el('div', { className: 'references' });
  private readonly prompt = document.createElement('vscode-textarea');
  private readonly mask: MaskCanvas;
  /** Polite live region: a keyboard action's announcement, then whether anything is painted. */
  private readonly maskState = el('p', {
    className: 'meta mask-state',
    attrs: { 'aria-live': 'polite', 'data-testid': 'mask-state' },
  });
  private readonly maskAnnouncement = el('span', { className: 'mask-announcement' });
  private readonly maskPainted = el('span');
  private readonly estimate = el('p', {
    className: 'estimate',
    attrs: { 'aria-live': 'polite', 'data-testid': 'edit-estimate' },
  });
  private estimateSeq = 0;
  private readonly job: JobControls;
  private readonly watch: Watch;
  private items: GalleryItem[] = [];
  private loadedId: string | undefined;
  /** A dropped image: kept in memory only (never in setState), sent as bytes, never as a path. */
  private upload: { mimeType: 'image/png' | 'image/jpeg' | 'image/webp'; b64: string } | undefined;

  /** `onPick` hears when another image is chosen, so the history keeps it whatever it shows. */
  constructor(
    private readonly client: HostClient,
    private readonly persisted: Persisted,
    private readonly options: () => ComposeOptions | undefined,
    onResults: (items: GalleryItem[]) => void,
    private readonly onPick: () => void = () => undefined,
  ) {
    const brush = el('input', {
      attrs: {
        type: 'range',
        min: String(brushSizes.min),
        max: String(brushSizes.max),
        value: '48',
        id: 'brush-size',
        'aria-label': 'Brush size',
        'aria-valuetext': '48 px',
      },
    });
    const eraser = document.createElement('vscode-checkbox');
    this.maskState.append(this.maskAnnouncement, this.maskPainted);
    this.mask = new MaskCanvas({
      onPaint: () => {
        const text = this.mask.painted
          ? 'Painted areas will change; the rest is kept.'
          : 'Nothing painted: the whole image may change.';
        // Set only on a change, so a stroke does not make the live region repeat itself.
        if (this.maskPainted.textContent !== text) this.maskPainted.textContent = text;
      },
      onTools: (state) => {
        brush.value = String(state.size);
        brush.setAttribute('aria-valuetext', `${state.size} px`);
        eraser.checked = state.eraser;
      },
      announce: (text) => {
        this.maskAnnouncement.textContent = `${text}. `;
      },
    });
    this.watch = new Watch({
      runFix: (fix) => client.send({ type: 'runFix', fix }),
      retry: () => this.apply(),
      editPrompt: () => this.prompt.focus(),
    });
    this.prompt.setAttribute('aria-label', 'Describe the change');
    this.prompt.setAttribute('placeholder', 'Describe the change, e.g. "make the sky stormy"');
    this.prompt.setAttribute('rows', '2');
    this.prompt.id = 'edit-prompt';
    this.prompt.value = persisted.get().editPrompt;
    this.prompt.addEventListener('input', () => {
      this.persisted.update({ editPrompt: this.prompt.value });
      this.requestEstimate();
    });
    brush.value = String(this.mask.brushSize);
    brush.addEventListener('input', () => {
      this.mask.brushSize = Number(brush.value);
      brush.setAttribute('aria-valuetext', `${brush.value} px`);
    });
    eraser.setAttribute('label', 'Eraser');
    eraser.addEventListener('change', () => {
      this.mask.eraser = eraser.checked;
    });
    this.tools.append(
      el('label', { className: 'brush', attrs: { for: 'brush-size' }, text: 'Brush' }),
      brush,
      eraser,
      button(
        'Clear Mask',
        'clear-all',
        () => {
          this.mask.clear();
          this.maskAnnouncement.textContent = 'Mask cleared. ';
        },
        { secondary: true, testId: 'clearMask' },
      ),
      this.mask.help,
    );
    this.job = new JobControls(client, this.watch, 'Apply Edit', 'wand', 'applyEdit', () => this.apply(), onResults);
    const label = document.createElement('vscode-label');
    label.htmlFor = 'edit-prompt';
    label.textContent = 'Change';
    // Dropping needs dragover cancelled; only files are read (their bytes), never a dragged path or URI.
    this.root.addEventListener('dragover', (event) => {
      if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
    });
    this.root.addEventListener('drop', (event) => void this.drop(event));
    this.root.append(
      this.picker,
      this.stage,
      this.tools,
      this.maskState,
      this.references,
      label,
      this.prompt,
      this.estimate,
      el('div', { className: 'row' }, this.job.start, this.job.cancel),
      this.watch.root,
    );
  }

  set(items: GalleryItem[]): void {
    const usable = items.filter((i) => i.src);
    if (JSON.stringify(usable) === JSON.stringify(this.items) && this.picker.childElementCount > 0) return;
    this.items = usable;
    const selected = this.persisted.get().editImageId;
    this.renderPicker(selected);
    if (!this.upload) this.select(selected);
    this.renderReferences();
  }

  private renderPicker(selected: string | undefined): void {
    this.picker.replaceChildren(
      labelledSelect(
        'Image to edit',
        [
          { value: '', text: this.items.length ? 'Choose an image…' : 'No images yet' },
          ...this.items.map((i) => ({ value: i.id, text: i.prompt.slice(0, 60) || i.label })),
        ],
        selected ?? '',
        (id) => this.select(id || undefined),
        'edit-image',
      ),
    );
  }

  /**
   * Chooses the image from a card's Edit button: a fresh result may be pressed before the state that lists it arrives.
   */
  edit(item: GalleryItem): void {
    if (item.src && !this.items.some((i) => i.id === item.id)) this.items = [item, ...this.items];
    this.select(item.id);
  }

  /** Chooses the image to edit (from the history's Edit button or the picker). */
  select(id: string | undefined): void {
    const item = id ? this.items.find((i) => i.id === id) : undefined;
    const picked = item !== undefined && item.id !== this.persisted.get().editImageId;
    this.persisted.update({ ...(item ? { editImageId: item.id } : {}) });
    if (picked) this.onPick();
    // The picker names the image being edited, for a screen reader too (rebuilt only when it shows another).
    if (item && this.picker.querySelector('vscode-single-select')?.value !== item.id) this.renderPicker(item.id);
    if (item?.id === this.loadedId && !this.upload) return;
    this.upload = undefined;
    this.loadedId = item?.id;
    if (!item?.src) {
      this.stage.replaceChildren(
        el('p', {
          className: 'meta drop-hint',
          text: 'Pick an image above, press Edit on one in the history, or drop a PNG, JPEG or WebP file here.',
        }),
      );
      this.tools.hidden = true;
      return;
    }
    this.show(item.src, `Image to edit: ${item.prompt.slice(0, 120)}`);
    this.requestEstimate();
  }

  /** Takes an image file dropped onto the section: its bytes become the image to edit. */
  private async drop(event: DragEvent): Promise<void> {
    const file = event.dataTransfer?.files[0];
    if (!file) return;
    event.preventDefault();
    if (file.type !== 'image/png' && file.type !== 'image/jpeg' && file.type !== 'image/webp') {
      this.watch.fail({ message: `${file.name} is not a PNG, JPEG or WebP image.`, fixes: [] });
      return;
    }
    if (file.size > 9 * 1024 * 1024) {
      this.watch.fail({ message: `${file.name} is over 9 MB: drop a smaller image.`, fixes: [] });
      return;
    }
    const dataUrl = await new Promise<string>((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.onerror = () => reject(reader.error ?? new Error('unreadable'));
      reader.readAsDataURL(file);
    });
    this.loadedId = undefined;
    this.upload = { mimeType: file.type, b64: dataUrl.slice(dataUrl.indexOf(',') + 1) };
    this.show(dataUrl, `Dropped image to edit: ${file.name}`);
    this.estimate.textContent = '';
  }

  private show(src: string, alt: string): void {
    const img = el('img', { className: 'edit-image', attrs: { alt } });
    img.addEventListener('load', () => {
      this.mask.reset(img.naturalWidth, img.naturalHeight);
      this.stage.dataset['ready'] = 'true';
    });
    this.stage.dataset['ready'] = 'false';
    img.src = src;
    this.stage.replaceChildren(img, this.mask.canvas, this.mask.cursor);
    this.maskAnnouncement.textContent = '';
    this.tools.hidden = false;
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
    void this.client
      .request({ type: 'estimate', prompt: this.prompt.value.slice(0, maxPromptChars), options, editOf })
      .reply.then((answer) => {
        if (seq !== this.estimateSeq) return;
        this.estimate.textContent = answer.ok ? `Estimated cost: ${answer.result.text}` : answer.error.message;
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
    this.references.replaceChildren(
      el('p', { className: 'meta', text: 'Reference images:' }),
      ...ids.map((id) => {
        const item = this.items.find((i) => i.id === id);
        const thumb = el('img', { className: 'ref-thumb', attrs: { alt: item?.prompt.slice(0, 80) ?? 'reference' } });
        if (item?.src) thumb.src = item.src;
        return el(
          'span',
          { className: 'reference' },
          thumb,
          button(
            'Remove reference',
            'close',
            () => {
              this.persisted.update({ referenceIds: this.persisted.get().referenceIds.filter((r) => r !== id) });
              this.renderReferences();
            },
            { iconOnly: true },
          ),
        );
      }),
    );
  }

  private apply(): void {
    const options = this.options();
    const imageId = this.loadedId;
    const upload = this.upload;
    const prompt = this.prompt.value.trim();
    if (this.job.busy || !options) return;
    if (!imageId && !upload) return this.watch.fail({ message: 'Pick or drop an image to edit first.', fixes: [] });
    if (prompt === '')
      return this.watch.fail({ message: 'Describe the change first.', fixes: [{ kind: 'edit-prompt' }] });
    const maskPng = this.mask.toPngBase64();
    const referenceIds = this.persisted.get().referenceIds.filter((id) => id !== imageId);
    const source = upload ? { upload } : { imageId };
    this.job.run(
      { type: 'edit', prompt, options, ...source, referenceIds, ...(maskPng ? { maskPng } : {}) },
      'Sending the edit…',
    );
  }
}
