import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { commandIds, viewIds } from '../../../src/commands/ids';
import { applicationSettingKeys } from '../../../src/core/request/settings';
import { repoRoot } from '../../host/paths';

interface Manifest {
  name: string;
  displayName: string;
  publisher: string;
  main: string;
  engines: { vscode: string; node: string };
  activationEvents: string[];
  capabilities: { untrustedWorkspaces: { supported: string | boolean } };
  contributes: {
    commands: { command: string; title: string; category: string; icon?: string }[];
    viewsContainers: { activitybar: { id: string }[] };
    views: Record<string, { id: string; type?: string }[]>;
    configuration: {
      title: string;
      properties: Record<string, { scope?: string; description?: string; markdownDescription?: string }>;
    };
    menus: Record<string, { command: string; when?: string; group?: string }[]>;
  };
}

const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Manifest;

describe('package.json', () => {
  it('names the extension and points main at the bundle', () => {
    assert.equal(manifest.name, 'image-studio');
    assert.equal(manifest.displayName, 'Image Studio');
    assert.equal(manifest.main, './dist/extension.js');
    // Commands and the view activate implicitly; the CodeLens above `image:` comments needs the extension
    // running before any command, so it starts once the window has finished starting (never delaying it).
    assert.deepEqual(manifest.activationEvents, ['onStartupFinished']);
    assert.ok(manifest.publisher.length > 0);
    assert.ok(manifest.capabilities.untrustedWorkspaces.supported !== undefined);
  });

  it('asks for a VS Code whose extension host runs Node 22 (1.101 or later)', () => {
    const match = /^\^?(\d+)\.(\d+)/.exec(manifest.engines.vscode);
    assert.ok(match);
    assert.ok(Number(match[1]) > 1 || Number(match[2]) >= 101, manifest.engines.vscode);
    assert.match(manifest.engines.node, />=\s*22/);
  });

  it('contributes exactly the commands in ids.ts, each with the category and a codicon', () => {
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(contributed, Object.values(commandIds).sort());
    for (const command of manifest.contributes.commands) {
      assert.equal(command.category, 'Image Studio', command.command);
      assert.match(command.icon ?? '', /^\$\([a-z-]+\)$/, command.command);
    }
  });

  it('offers Edit Image on image files in the explorer and the editor title, and nowhere else', () => {
    const when = (menu: string) =>
      manifest.contributes.menus[menu]?.find((m) => m.command === commandIds.editImage)?.when ?? '';
    for (const menu of ['explorer/context', 'editor/title']) {
      const pattern = /resourceExtname =~ \/(.+)\/i/.exec(when(menu));
      assert.ok(pattern?.[1], `${menu} has an extension when-clause: ${when(menu)}`);
      const matches = (name: string) => new RegExp(pattern[1]!, 'i').test(name);
      assert.deepEqual(['.png', '.jpg', '.JPEG', '.webp'].filter(matches), ['.png', '.jpg', '.JPEG', '.webp'], menu);
      assert.deepEqual(['.gif', '.md', '.pngx', '.svg'].filter(matches), [], menu);
    }
  });

  it('contributes the activity-bar container and its webview view', () => {
    assert.ok(manifest.contributes.viewsContainers.activitybar.some((c) => c.id === viewIds.container));
    assert.ok(
      manifest.contributes.views[viewIds.container]?.some((v) => v.id === viewIds.panel && v.type === 'webview'),
    );
  });

  it('describes every setting under the "Image Studio" title with an explicit scope', () => {
    assert.equal(manifest.contributes.configuration.title, 'Image Studio');
    for (const [key, setting] of Object.entries(manifest.contributes.configuration.properties)) {
      assert.match(key, /^imageStudio\./);
      assert.ok(setting.scope, `${key} has a scope`);
      assert.ok(setting.description ?? setting.markdownDescription, `${key} has a description`);
    }
  });

  it('declares "application" scope for exactly the user-only settings (endpoints, limits, timeout)', () => {
    const declared = Object.entries(manifest.contributes.configuration.properties)
      .filter(([, s]) => s.scope === 'application')
      .map(([key]) => key.replace(/^imageStudio\./, ''))
      .sort();
    assert.deepEqual(declared, [...applicationSettingKeys].sort());
    assert.ok(declared.includes('timeoutSeconds'), 'a repository cannot shorten the timeout of paid renders');
  });
});
