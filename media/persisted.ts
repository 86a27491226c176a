import { webviewState, type WebviewState } from '../src/protocol/webviewState';
import { vscodeApi } from './vscodeApi';

/** The draft, options and selections that survive hiding and reloading the panel (W7), parsed back from getState. */
export class Persisted {
  private value: WebviewState;

  constructor() {
    const parsed = webviewState.safeParse(vscodeApi.getState() ?? {});
    this.value = parsed.success ? parsed.data : webviewState.parse({});
  }

  get(): WebviewState {
    return this.value;
  }

  update(change: Partial<WebviewState>): void {
    const next = webviewState.safeParse({ ...this.value, ...change });
    if (!next.success) return;
    this.value = next.data;
    vscodeApi.setState(this.value);
  }
}
