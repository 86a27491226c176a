import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { ImageStudioApi } from '../../../src/extension';
import type { PanelTestHook } from '../../../src/panel/panelTestHook';
import type { HistoryWindow } from '../../../src/protocol/gallery';
import type { HostToWebviewMessage, ReplyMessage, StateMessage } from '../../../src/protocol/messages';
import { waitFor, type Subscribe } from '../../support/waitFor';

// The real page numbers its own requests from 1; these stay clear of them.
let nextId = 1_000_000;

/** The real panel as a test drives it: messages delivered through the page's own path, waits on what the host posts. */
export interface PanelSession {
  readonly hook: PanelTestHook;
  /** Fires with each posted message. */
  readonly posts: Subscribe;
  /** A fresh request id (the reply to it is the test's). */
  newId(): number;
  replyTo(id: number): ReplyMessage | undefined;
  latestState(): StateMessage | undefined;
  /** Sends a request as the page would and resolves with the host's reply to it. */
  ask(message: Record<string, unknown>, timeoutMs?: number): Promise<ReplyMessage>;
  /** Resolves with the first value `probe` finds in what the host posted, looked at after each post. */
  waitForPost<T>(
    what: string,
    probe: (posted: HostToWebviewMessage[]) => T | undefined | false,
    timeoutMs?: number,
  ): Promise<T>;
  /** Resolves once the latest state posted is one `accept` takes (looked at now and after each post). */
  waitForState(what: string, accept: (state: StateMessage) => boolean, timeoutMs?: number): Promise<StateMessage>;
  /** The history window as the page asks for it. */
  history(query?: string, count?: number, pinned?: string[]): Promise<HistoryWindow>;
}

/** Opens the real panel (the page loads and says ready) and returns its test hook, with waits on posted messages. */
export async function openPanelSession(): Promise<PanelSession> {
  const api = await vscode.extensions.getExtension<ImageStudioApi>('image-studio-dev.image-studio')!.activate();
  assert.ok(api.panelTestHook, 'the test hook exists in test mode');
  const hook = await api.panelTestHook();
  const posts: Subscribe = (onEvent) => {
    const subscription = hook.onDidPost(() => onEvent());
    return () => subscription.dispose();
  };
  const replyTo = (id: number) => hook.posted().find((m): m is ReplyMessage => m.type === 'reply' && m.id === id);
  const states = () => hook.posted().filter((m): m is StateMessage => m.type === 'state');
  const session: PanelSession = {
    hook,
    posts,
    newId: () => nextId++,
    replyTo,
    latestState: () => states().at(-1),
    ask: (message, timeoutMs = 30_000) => {
      const id = nextId++;
      hook.deliver({ ...message, id });
      return waitFor(`the reply to ${String(message.type)} ${id}`, posts, () => replyTo(id), timeoutMs);
    },
    waitForPost: (what, probe, timeoutMs = 30_000) => waitFor(what, posts, () => probe(hook.posted()), timeoutMs),
    waitForState: (what, accept, timeoutMs = 30_000) =>
      waitFor(
        what,
        posts,
        () => {
          const latest = states().at(-1);
          return latest && accept(latest) ? latest : undefined;
        },
        timeoutMs,
      ),
    history: async (query = '', count = 30, pinned = []) => {
      const reply = await session.ask({ type: 'history', query, count, pinned });
      assert.ok(reply.ok && reply.result.kind === 'history', JSON.stringify(reply).slice(0, 500));
      return reply.result.history;
    },
  };
  if (!hook.isReady()) {
    await vscode.commands.executeCommand('imageStudio.openPanel');
    // The real page loads, attaches its listener and says ready; the host posts the state only then.
    await session.waitForState('the first state after the page said ready', () => true, 60_000);
  } else {
    // An earlier suite opened the panel: say ready again, as a reloaded page does, so this hook sees a whole state.
    hook.deliver({ type: 'ready' });
    await session.waitForState('the whole state after saying ready again', () => true, 60_000);
  }
  return session;
}
