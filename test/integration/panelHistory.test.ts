import { strict as assert } from 'node:assert';
import { copyFileSync, mkdtempSync, realpathSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GalleryItem } from '../../src/protocol/gallery';
import { useEmulatorSession } from './support/emulatorSession';
import { manifestEntry, withManifestEntries } from './support/manifestFixture';
import { openPanelSession, type PanelSession } from './support/panelSession';
import { panelOptions } from '../support/panelOptions';

const options = { ...panelOptions, stream: false } as const;

/**
 * The history as the host builds it from hostile or huge manifests (point 4 and 7 of issue 11), through the real panel.
 */
describe('the panel history: checked paths and lazy pages', function () {
  this.timeout(120_000);
  const emulator = useEmulatorSession();
  const folder = () => vscode.workspace.workspaceFolders![0]!.uri;
  const config = () => vscode.workspace.getConfiguration('imageStudio', folder());
  let session: PanelSession;
  let outside = '';

  before(async () => {
    session = await openPanelSession();
    // A folder outside the workspace with a real image in it: what a committed symlink would point at.
    outside = realpathSync(mkdtempSync(path.join(tmpdir(), 'imagestudio-outside-')));
    copyFileSync(path.join(folder().fsPath, 'images', 'photo.png'), path.join(outside, 'secret.png'));
    symlinkSync(outside, path.join(folder().fsPath, 'linked'));
  });
  after(() => {
    rmSync(path.join(folder().fsPath, 'linked'), { force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  // Dated ahead, so it heads the history the page shows.
  const linkedEntry = manifestEntry(1, {
    id: 'linkedsecret',
    file: 'linked/secret.png',
    prompt: 'a file behind a link',
    createdAt: '2099-01-01T00:00:00.000Z',
  });
  const findIn = (items: readonly GalleryItem[], id: string) => items.find((item) => item.id === id);

  it('lists a path via a symlinked folder as unavailable; never shows, opens, links, edits or deletes it', async () => {
    await withManifestEntries(folder(), [linkedEntry], async () => {
      // The manifest watcher refreshes the panel.
      const state = await session.waitForState(
        'the history to list the linked entry',
        (s) => findIn(s.history.items, linkedEntry.id) !== undefined,
      );
      const item = findIn(state.history.items, linkedEntry.id)!;
      assert.equal(item.availability, 'unavailable');
      assert.match(item.reason ?? '', /symbolic link/);
      assert.equal(item.src, undefined, 'never shown');
      const requestsBefore = emulator().requests.length;
      for (const action of ['open', 'reveal', 'insertLink', 'delete'] as const) {
        const reply = await session.ask({ type: 'imageAction', action, imageId: linkedEntry.id });
        assert.equal(reply.ok, false, action);
        assert.match(
          !reply.ok ? reply.error.message : '',
          /unavailable: its path goes through a symbolic link/,
          action,
        );
      }
      const edit = await session.ask({
        type: 'edit',
        prompt: 'make it red',
        options,
        imageId: linkedEntry.id,
        referenceIds: [],
      });
      assert.match(!edit.ok ? edit.error.message : '', /unavailable/);
      const asReference = await session.ask({
        type: 'edit',
        prompt: 'make it red',
        options,
        upload: { mimeType: 'image/png', b64: 'iVBORw0KGgo=' },
        referenceIds: [linkedEntry.id],
      });
      assert.match(!asReference.ok ? asReference.error.message : '', /unavailable/);
      const estimate = await session.ask({ type: 'estimate', prompt: 'make it red', options, editOf: linkedEntry.id });
      assert.match(!estimate.ok ? estimate.error.message : '', /unavailable/);
      assert.equal(emulator().requests.length, requestsBefore, 'nothing was sent');
      const manifest = new TextDecoder().decode(
        await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder(), '.imagestudio', 'manifest.json')),
      );
      assert.ok(manifest.includes(linkedEntry.id), 'the entry was not deleted');
    });
    assert.ok(realpathSync(path.join(outside, 'secret.png')), 'the file outside is untouched');
  });

  it('never deletes a file Image Studio did not name, even when the manifest lists it', async () => {
    // A committed manifest can list any workspace file; the project's own image must survive Delete.
    const own = manifestEntry(2, {
      id: 'projectphoto',
      file: 'images/photo.png',
      createdAt: '2099-01-02T00:00:00.000Z',
    });
    const original = vscode.window.showWarningMessage;
    const asked: string[] = [];
    (vscode.window as { showWarningMessage: (message: string) => Thenable<undefined> }).showWarningMessage = (
      message: string,
    ) => {
      asked.push(message);
      return Promise.resolve(undefined);
    };
    try {
      await withManifestEntries(folder(), [own], async () => {
        await session.waitForState('the entry listed', (s) => findIn(s.history.items, own.id) !== undefined);
        const reply = await session.ask({ type: 'imageAction', action: 'delete', imageId: own.id });
        assert.equal(reply.ok, false, JSON.stringify(reply));
        assert.ok(!reply.ok && /was not named by Image Studio/.test(reply.error.message), JSON.stringify(reply));
        assert.deepEqual(asked, [], 'no confirmation is even asked');
        await vscode.workspace.fs.stat(vscode.Uri.joinPath(folder(), 'images', 'photo.png'));
      });
    } finally {
      (vscode.window as { showWarningMessage: typeof original }).showWarningMessage = original;
    }
  });

  it('never makes a symlinked output folder a webview resource root, and shows none of its images', async () => {
    const roots = () => session.hook.webviewOptions()?.localResourceRoots ?? [];
    const ignoreRoot = vscode.Uri.joinPath(folder(), 'ignore').toString();
    assert.ok(roots().includes(ignoreRoot), roots().join(', '));
    await withManifestEntries(
      folder(),
      [linkedEntry, manifestEntry(2, { id: 'linkedoutput', file: 'linked/secret.png' })],
      async () => {
        await config().update('outputFolder', 'linked', vscode.ConfigurationTarget.WorkspaceFolder);
        try {
          // The refresh that follows the setting checks the folder on disk; the roots it leaves are dist/ alone.
          await session.waitForPost(
            'the roots to drop the output folders',
            () => roots().length === 1 && !roots().some((r) => r.includes('/ignore') || r.includes('/linked')),
          );
          const window = await session.history('', 300);
          assert.equal(findIn(window.items, 'linkedoutput')?.availability, 'unavailable');
          assert.deepEqual(
            window.items.filter((item) => item.src !== undefined),
            [],
            'no image is shown from outside the roots',
          );
          assert.ok(
            roots().every((r) => !r.startsWith(vscode.Uri.file(outside).toString())),
            roots().join(', '),
          );
        } finally {
          await config().update('outputFolder', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
        }
        await session.waitForPost('the roots to hold ignore/ again', () => roots().includes(ignoreRoot));
      },
    );
  });

  it('never makes an output folder in .git or .imagestudio a webview resource root', async () => {
    const roots = () => session.hook.webviewOptions()?.localResourceRoots ?? [];
    const ignoreRoot = vscode.Uri.joinPath(folder(), 'ignore').toString();
    assert.ok(roots().includes(ignoreRoot), roots().join(', '));
    for (const setting of ['.git', '.imagestudio']) {
      await config().update('outputFolder', setting, vscode.ConfigurationTarget.WorkspaceFolder);
      try {
        // The engine refuses to save there, so the page may not read from there either (.git/config holds tokens).
        await session.waitForPost(`the roots to drop ${setting}`, () => roots().length === 1);
        assert.ok(!roots().some((r) => r.includes(`/${setting}`)), roots().join(', '));
      } finally {
        await config().update('outputFolder', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
      }
      await session.waitForPost('the roots to hold ignore/ again', () => roots().includes(ignoreRoot));
    }
  });

  it('answers a 50,000-entry manifest with its newest page, searches all, checks files a page at a time', async () => {
    // Exactly 50,000 (the most the engine reads), in place of the suites' own entries for the while.
    const entries = Array.from({ length: 50_000 }, (_, i) =>
      manifestEntry(i + 10, i === 0 ? { prompt: 'the oldest lighthouse of all' } : {}),
    );
    await withManifestEntries(
      folder(),
      entries,
      async () => {
        // The manifest watcher refreshes the panel; the page's own state push shows the new total.
        const state = await session.waitForState(
          'a state with the 50,000 images',
          (s) => s.history.total === 50_000,
          90_000,
        );
        assert.ok(state.history.items.length <= 300, `${state.history.items.length} items sent`);
        const first = await session.history('', 30);
        assert.equal(first.items.length, 30, 'one page');
        assert.equal(first.matching, 50_000);
        assert.equal(first.total, 50_000);
        assert.equal(first.notices.length, 0, first.notices.join(' '));
        assert.deepEqual(
          first.items.map((i) => i.id),
          entries
            .slice(-30)
            .reverse()
            .map((e) => e.id),
          'the newest 30, newest first',
        );
        assert.equal(first.items[0]?.availability, 'missing', 'checked on disk (a clone has no images yet)');
        const second = await session.history('', 60);
        assert.deepEqual(
          second.items.slice(0, 30).map((i) => i.id),
          first.items.map((i) => i.id),
          'the next page follows the first',
        );
        assert.equal(second.items.length, 60);
        const found = await session.history('oldest lighthouse', 30);
        assert.deepEqual(
          found.items.map((i) => i.id),
          [entries[0]!.id],
          'the search reaches the oldest entry',
        );
        assert.equal(found.matching, 1);
      },
      { replace: true },
    );
    await session.waitForState('the history back to its own size', (s) => s.history.total < 50_000, 90_000);
  });

  it('says in the panel, as text, that a manifest over the entry cap is not read, and stays usable', async () => {
    const entries = Array.from({ length: 50_001 }, (_, i) => manifestEntry(i + 10));
    await withManifestEntries(
      folder(),
      entries,
      async () => {
        const state = await session.waitForState(
          'a state that says the manifest is too large',
          (s) => s.history.notices.length > 0,
          90_000,
        );
        assert.match(state.history.notices[0] ?? '', /Could not read the image manifest of .*50,000/);
        assert.equal(state.history.total, 0);
        const estimate = await session.ask({ type: 'estimate', prompt: 'a boat', options });
        assert.ok(estimate.ok, 'the panel still answers');
      },
      { replace: true },
    );
    await session.waitForState('the history read again', (s) => s.history.notices.length === 0, 90_000);
  });

  it('says in the panel, as text, why a manifest could not be read, instead of failing', async () => {
    // A manifest of its own, so the test holds when run alone too.
    await withManifestEntries(folder(), [manifestEntry(3, { id: 'readable' })], async () => {
      await session.waitForState('the entry listed', (s) => s.history.items.some((item) => item.id === 'readable'));
      const manifest = path.join(folder().fsPath, '.imagestudio', 'manifest.json');
      const aside = `${manifest}.aside`;
      writeFileSync(path.join(outside, 'manifest.json'), JSON.stringify({ version: 1, images: [linkedEntry] }));
      renameSync(manifest, aside);
      try {
        // A committed manifest symlink makes the engine refuse the manifest (it throws, as for an over-sized one).
        symlinkSync(path.join(outside, 'manifest.json'), manifest);
        const state = await session.waitForState('a state that says why', (s) => s.history.notices.length > 0);
        assert.match(state.history.notices[0] ?? '', /Could not read the image manifest of .*symbolic link/);
        assert.equal(state.history.total, 0);
        assert.equal(findIn(state.history.items, linkedEntry.id), undefined, 'nothing is read through the link');
      } finally {
        rmSync(manifest, { force: true });
        renameSync(aside, manifest);
      }
      await session.waitForState(
        'the history read again',
        (s) => s.history.notices.length === 0 && s.history.items.some((item) => item.id === 'readable'),
      );
    });
  });
});
