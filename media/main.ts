import { hostToWebviewMessage, parseMessage, type HostToWebviewMessage } from '../src/protocol/messages';
import { vscodeApi } from './vscodeApi';

const app = document.getElementById('app');

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function render(state: Extract<HostToWebviewMessage, { type: 'state' }>): void {
  if (!app) return;
  app.replaceChildren();
  const header = element('h2', 'title');
  header.append(element('span', 'codicon codicon-sparkle'), element('span', undefined, ' Image Studio'));
  app.append(header);
  app.append(element('p', 'status', state.hasApiKey ? `Model: ${state.model}` : 'No API key yet: run “Image Studio: Set API Key”.'));
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseMessage(hostToWebviewMessage, event.data);
  if (!message) return;
  switch (message.type) {
    case 'state':
      render(message);
      break;
  }
});

// Posted only after the listener exists, so the host's first message cannot be lost.
vscodeApi.postMessage({ type: 'ready' });
