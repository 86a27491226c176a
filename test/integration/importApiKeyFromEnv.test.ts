import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { readFileSync, watch } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ImageStudioApi } from '../../src/extension';
import { EMULATOR_TEST_KEY } from '../emulator';
import { testOutput } from '../host/paths';
import { waitFor, type Subscribe } from '../support/waitFor';
import { useEmulatorSession } from './support/emulatorSession';
import { filesUnder, userDataDir } from './support/hostFiles';
import { answerInputBoxes, answerMessages, withAnswers } from './support/windowAnswers';

describe('Import API Key from .env', function () {
  this.timeout(60_000);
  const emulator = useEmulatorSession({ withKey: false });
  const folder = () => vscode.workspace.workspaceFolders![0]!.uri;
  const envFile = () => vscode.Uri.joinPath(folder(), '.env');
  const writeEnv = (text: string) => vscode.workspace.fs.writeFile(envFile(), new TextEncoder().encode(text));
  let api: ImageStudioApi;

  before(async () => {
    api = await vscode.extensions.getExtension<ImageStudioApi>('image-studio-dev.image-studio')!.activate();
  });
  afterEach(async () => {
    await vscode.workspace.fs.delete(envFile()).then(undefined, () => undefined);
    await vscode.commands.executeCommand('imageStudio.clearApiKey');
  });

  it('stores the key in secret storage only: never in a setting or the log', async () => {
    const secretPart = randomBytes(12).toString('hex');
    await writeEnv(`# local secrets\nOTHER=1\nexport OPENAI_API_KEY="sk-envimport-${secretPart}"  # personal key\n`);
    const infos: string[] = [];
    const imported = await withAnswers([answerMessages('showInformationMessage', infos)], () =>
      vscode.commands.executeCommand<boolean>('imageStudio.importApiKeyFromEnv'),
    );
    assert.equal(imported, true);
    assert.equal(await api.hasApiKey(), true);
    assert.match(
      infos[0] ?? '',
      /imported OPENAI_API_KEY from .*\.env into VS Code's secret storage.*keep \.env git-ignored/,
    );

    const hostData = [userDataDir() ?? path.join(testOutput, 'unknown-user-data')];
    const logs = hostData.flatMap((dir) => filesUnder(dir)).filter((f) => path.basename(f) === 'Image Studio.log');
    // The log is written asynchronously: wait (on the files' change events) for the import line, which also proves this
    // is the right file.
    const logText = () => logs.map((f) => readFileSync(f, 'utf8')).join('\n');
    const logWritten: Subscribe = (onEvent) => {
      const watchers = logs.map((f) => watch(f, onEvent));
      return () => {
        for (const watcher of watchers) watcher.close();
      };
    };
    await waitFor(
      'the import line in the log',
      logWritten,
      () => /API key imported from .*\.env into secret storage/.test(logText()),
      10_000,
    );
    const settingsFiles = [
      ...hostData.flatMap((dir) => filesUnder(dir)).filter((f) => path.basename(f) === 'settings.json'),
      path.join(folder().fsPath, '.vscode', 'settings.json'),
    ];
    assert.ok(settingsFiles.length >= 2, settingsFiles.join(', '));
    for (const file of [...logs, ...settingsFiles])
      assert.equal(readFileSync(file, 'utf8').includes(secretPart), false, `the key leaked into ${file}`);
    assert.equal(JSON.stringify(vscode.workspace.getConfiguration('imageStudio')).includes(secretPart), false);
  });

  it('is offered by Generate Image when no key is set, and the imported key is the one sent', async () => {
    await writeEnv(`OPENAI_API_KEY=${EMULATOR_TEST_KEY}\n`);
    const before = emulator().requests.length;
    const offers: string[] = [];
    await withAnswers(
      [
        answerMessages('showInformationMessage', offers, (m) =>
          /has a \.env file/.test(m) ? 'Import from .env' : undefined,
        ),
        answerInputBoxes(['a key under a doormat']),
      ],
      () => vscode.commands.executeCommand('imageStudio.generateImage'),
    );
    assert.match(offers[0] ?? '', /needs an OpenAI API key\. This workspace has a \.env file/);
    assert.equal(await api.hasApiKey(), true);
    const sent = emulator().requests.slice(before);
    assert.deepEqual(
      sent.map((r) => [r.path, r.authorized]),
      [['/v1/images/generations', true]],
    );
  });

  it('says plainly when no .env holds a key, and stores nothing', async () => {
    await writeEnv('OPENAI_ORG_ID=org-123\n');
    const warnings: string[] = [];
    const imported = await withAnswers([answerMessages('showWarningMessage', warnings)], () =>
      vscode.commands.executeCommand<boolean>('imageStudio.importApiKeyFromEnv'),
    );
    assert.equal(imported, false);
    assert.equal(await api.hasApiKey(), false);
    assert.match(warnings[0] ?? '', /no usable OPENAI_API_KEY/);
  });
});
