/**
 * Up/down recall of earlier prompts in the prompt box, like a shell: Up on the first line goes back,
 * Down on the last line comes forward, and the draft being written is kept at the end of the list.
 */
export class PromptRecall {
  private index = -1;
  private draft = '';

  constructor(private readonly history: () => readonly string[]) {}

  /** Called on Up/Down; returns the text to show, or undefined to let the key move the caret. */
  step(direction: 'older' | 'newer', current: string, caretAtEdge: boolean): string | undefined {
    if (!caretAtEdge) return undefined;
    const list = this.history();
    if (direction === 'older') {
      if (this.index + 1 >= list.length) return undefined;
      if (this.index === -1) this.draft = current;
      this.index++;
      return list[this.index];
    }
    if (this.index === -1) return undefined;
    this.index--;
    return this.index === -1 ? this.draft : list[this.index];
  }

  /** Typing ends a recall: the next Up starts from the newest prompt again. */
  reset(): void {
    this.index = -1;
  }
}
