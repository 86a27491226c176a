import { chromium, type Browser, type Page } from 'playwright-core';
import { format } from 'node:util';
import { chromiumPath } from './paths';

export interface WorkbenchOptions {
  readonly serverUrl: string;
  readonly port: number;
  readonly workspaceFolder: string;
  readonly extensionDevelopmentPath?: string;
  readonly extensionTestsPath?: string;
  readonly onExit?: (code: number) => void;
  readonly onLog?: (line: string) => void;
  readonly viewport?: { width: number; height: number };
  readonly colorScheme?: 'light' | 'dark';
}

export interface OpenWorkbench {
  readonly browser: Browser;
  readonly page: Page;
  close(): Promise<void>;
}

/** Console lines that are noise offline: gallery look-ups and other network fetches that cannot succeed. */
const noise = [
  /marketplace|gallery|open-vsx|update\.code|vscode-cdn|vscode\.git/i,
  /ENOTFOUND|ERR_NAME_NOT_RESOLVED|ERR_INTERNET_DISCONNECTED|net::ERR|Failed to load resource|Creating a socket/i,
  /fs-copyfile/i,
];

function remoteUri(port: number, absPath: string): string {
  return `vscode-remote://127.0.0.1:${port}${absPath}`;
}

/** Opens the workbench of a running code-server in headless Chromium, with the extension in development mode. */
export async function openWorkbench(options: WorkbenchOptions): Promise<OpenWorkbench> {
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1400, height: 900 },
    colorScheme: options.colorScheme ?? 'dark',
  });
  const page = await context.newPage();
  const log = options.onLog ?? (() => undefined);
  const quiet = (text: string): boolean => noise.some((re) => re.test(text));
  // The extension host's console arrives here with its format arguments; the page console repeats it unformatted.
  await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => {
    const text = format(...(Array.isArray(args) ? args : [args]));
    if (!quiet(text)) log(text);
  });
  await page.exposeFunction('codeAutomationExit', (code: number) => options.onExit?.(code));
  page.on('pageerror', (error) => {
    if (!quiet(error.message)) log(`[page error] ${error.message}`);
  });
  const payload: [string, string][] = [
    ['skipWelcome', 'true'],
    ['skipReleaseNotes', 'true'],
  ];
  if (options.extensionDevelopmentPath)
    payload.push(['extensionDevelopmentPath', remoteUri(options.port, options.extensionDevelopmentPath)]);
  if (options.extensionTestsPath)
    payload.push(['extensionTestsPath', remoteUri(options.port, options.extensionTestsPath)]);
  const folder = encodeURIComponent(options.workspaceFolder);
  const url = `${options.serverUrl}/?folder=${folder}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  await page.goto(url);
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  return { browser, page, close: () => browser.close() };
}
