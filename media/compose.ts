import { BACKGROUNDS, QUALITIES } from '../src/facts/imageOptions';
import type { GalleryItem } from '../src/protocol/gallery';
import type { StateMessage } from '../src/protocol/messages';
import { maxPromptChars } from '../src/protocol/limits';
import type { ComposeOptions } from '../src/protocol/options';
import { el } from './dom';
import type { HostClient } from './hostClient';
import { JobControls } from './jobControls';
import { OptionsForm } from './optionsForm';
import type { Persisted } from './persisted';
import { PromptRecall } from './promptRecall';
import { Watch } from './watch';

/** Compose: the prompt (with recall), the options, the live estimate, Generate and Cancel, and the job's progress. */
export class Compose {
  readonly root = el('div', { className: 'compose' });
  readonly prompt = document.createElement('vscode-textarea');
  private readonly form: OptionsForm;
  private readonly estimate = el('p', {
    className: 'estimate',
    attrs: { 'aria-live': 'polite', 'data-testid': 'estimate' },
  });
  private readonly optionError = el('p', { className: 'option-error', attrs: { 'aria-live': 'polite' } });
  private readonly job: JobControls;
  private readonly recentSelect = el('div');
  readonly watch: Watch;
  private state: StateMessage | undefined;
  private estimateSeq = 0;
  private recentKey = '';
  private estimateTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly recall = new PromptRecall(() => this.state?.recentPrompts ?? []);

  constructor(
    private readonly client: HostClient,
    private readonly persisted: Persisted,
    onResults: (items: GalleryItem[]) => void,
  ) {
    this.form = new OptionsForm((options) => {
      this.persisted.update({ options });
      this.requestEstimate();
    });
    this.watch = new Watch({
      runFix: (fix) => this.client.send({ type: 'runFix', fix }),
      retry: () => this.generate(),
      editPrompt: () => this.prompt.focus(),
    });
    this.prompt.setAttribute('label', 'Prompt');
    this.prompt.setAttribute('aria-label', 'Prompt');
    this.prompt.setAttribute('placeholder', 'Describe the image (Up/Down recalls earlier prompts)');
    this.prompt.setAttribute('rows', '4');
    this.prompt.setAttribute('resize', 'vertical');
    this.prompt.id = 'prompt';
    this.prompt.value = persisted.get().draft;
    this.prompt.addEventListener('input', () => {
      this.recall.reset();
      this.persisted.update({ draft: this.prompt.value });
      this.requestEstimate();
    });
    this.prompt.addEventListener('keydown', (event: KeyboardEvent) => this.onKey(event));
    this.job = new JobControls(client, this.watch, 'Generate', 'sparkle', 'generate', () => this.generate(), onResults);
    const promptLabel = document.createElement('vscode-label');
    promptLabel.htmlFor = 'prompt';
    promptLabel.textContent = 'Prompt';
    this.root.append(
      promptLabel,
      this.prompt,
      this.recentSelect,
      this.form.root,
      this.estimate,
      this.optionError,
      el('div', { className: 'row' }, this.job.start, this.job.cancel),
      this.watch.root,
    );
  }

  setState(state: StateMessage): void {
    const modelsChanged = JSON.stringify(state.models) !== JSON.stringify(this.state?.models);
    this.state = state;
    // Rebuilt only when the choices change: a state push must not close a dropdown the person has open.
    if (modelsChanged) this.form.set(state.models, this.form.value ?? this.persisted.get().options ?? state.defaults);
    this.renderRecent(state.recentPrompts);
    const blocked = !state.trusted ? 'Restricted Mode: trust this workspace to generate images.' : '';
    if (blocked) this.optionError.textContent = blocked;
    this.requestEstimate();
  }

  /** Fills the form from a history image and generates again. */
  regenerate(item: GalleryItem): void {
    const current = this.form.value;
    if (!current || !this.state) return;
    this.prompt.value = item.prompt;
    this.persisted.update({ draft: item.prompt });
    const options: ComposeOptions = { ...current, model: item.model, size: item.size, outputFormat: item.outputFormat };
    const quality = QUALITIES.find((q) => q === item.quality);
    if (quality) options.quality = quality;
    const background = BACKGROUNDS.find((b) => b === item.background);
    if (background) options.background = background;
    this.form.set(this.state.models, options);
    this.persisted.update({ ...(this.form.value ? { options: this.form.value } : {}) });
    this.generate();
  }

  /** The options as they stand, for edits. */
  options(): ComposeOptions | undefined {
    return this.form.value;
  }

  private renderRecent(prompts: readonly string[]): void {
    const key = JSON.stringify(prompts);
    if (key === this.recentKey) return;
    this.recentKey = key;
    if (prompts.length === 0) {
      this.recentSelect.replaceChildren();
      return;
    }
    const select = document.createElement('vscode-single-select');
    select.setAttribute('aria-label', 'Recent prompts');
    select.id = 'recent-prompts';
    const placeholder = document.createElement('vscode-option');
    placeholder.setAttribute('value', '');
    placeholder.textContent = 'Recent prompts…';
    placeholder.setAttribute('selected', '');
    select.append(placeholder);
    prompts.slice(0, 20).forEach((p, i) => {
      const option = document.createElement('vscode-option');
      option.setAttribute('value', String(i));
      option.textContent = p.length > 80 ? `${p.slice(0, 80)}…` : p;
      select.append(option);
    });
    select.addEventListener('change', () => {
      const chosen = prompts[Number(select.value)];
      if (select.value === '' || chosen === undefined) return;
      this.prompt.value = chosen;
      this.persisted.update({ draft: chosen });
      this.requestEstimate();
    });
    this.recentSelect.replaceChildren(select);
  }

  private onKey(event: KeyboardEvent): void {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      this.generate();
      return;
    }
    if (event.key !== 'ArrowUp' && event.key !== 'ArrowDown') return;
    const inner = this.prompt.shadowRoot?.querySelector('textarea');
    const value = this.prompt.value;
    const caret = inner?.selectionStart ?? 0;
    const atEdge = event.key === 'ArrowUp' ? !value.slice(0, caret).includes('\n') : !value.slice(caret).includes('\n');
    const next = this.recall.step(event.key === 'ArrowUp' ? 'older' : 'newer', value, atEdge);
    if (next === undefined) return;
    event.preventDefault();
    this.prompt.value = next;
    this.persisted.update({ draft: next });
    this.requestEstimate();
  }

  private requestEstimate(): void {
    if (this.estimateTimer) clearTimeout(this.estimateTimer);
    // Busy from the change until its answer: assistive technology (and tests) know the figure is stale meanwhile.
    this.estimate.setAttribute('aria-busy', 'true');
    this.estimateTimer = setTimeout(() => {
      this.estimateTimer = undefined;
      void this.estimateNow();
    }, 120);
  }

  private async estimateNow(): Promise<void> {
    const options = this.form.value;
    if (!options) {
      this.estimate.removeAttribute('aria-busy');
      return;
    }
    const seq = ++this.estimateSeq;
    const { reply } = this.client.request({
      type: 'estimate',
      prompt: this.prompt.value.slice(0, maxPromptChars),
      options,
    });
    const answer = await reply;
    if (seq !== this.estimateSeq) return; // a newer change is on its way
    if (this.estimateTimer === undefined) this.estimate.removeAttribute('aria-busy');
    if (answer.ok) {
      this.estimate.textContent = `Estimated cost: ${answer.result.text}`;
      this.estimate.title = answer.result.notes.join('\n');
      this.optionError.textContent =
        this.state && !this.state.trusted ? 'Restricted Mode: trust this workspace to generate images.' : '';
    } else {
      this.estimate.textContent = 'Estimated cost: —';
      this.optionError.textContent = answer.error.message;
    }
  }

  private generate(): void {
    const options = this.form.value;
    const prompt = this.prompt.value.trim();
    if (this.job.busy || !options) return;
    if (prompt === '') {
      this.optionError.textContent = 'Describe the image first.';
      this.prompt.focus();
      return;
    }
    this.job.run({ type: 'generate', prompt, options }, 'Sending…');
  }
}
