import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { useEmulatorSession } from './support/emulatorSession';
import { linkedPng } from './support/linkedImage';
import { recordMessages } from './support/windowAnswers';

interface SelectionCase {
  readonly file: string;
  readonly languageId: string;
  /**
   * Selected from the start of `from` to the end of `to` (zero-based lines), unless `toLineStart` selects up to the
   * start of the line after.
   */
  readonly from: number;
  readonly to: number;
  readonly toLineStart?: boolean;
  readonly prompt: string;
  /** The whole link line: indent, comment syntax around `![prompt](path)`. */
  readonly linkLine: (link: string) => string;
}

const cases: SelectionCase[] = [
  {
    file: 'shapes.ts',
    languageId: 'typescript',
    from: 0,
    to: 0,
    prompt: 'a red fox in fresh snow, line comment',
    linkLine: (l) => `// ${l}`,
  },
  {
    file: 'shapes.ts',
    languageId: 'typescript',
    from: 3,
    to: 6,
    toLineStart: true,
    prompt: 'A barn owl on a fence post at dusk, JSDoc block comment',
    linkLine: (l) => `// ${l}`,
  },
  {
    file: 'garden.py',
    languageId: 'python',
    from: 0,
    to: 0,
    prompt: 'a green snake in tall grass, hash comment',
    linkLine: (l) => `# ${l}`,
  },
  {
    file: 'garden.py',
    languageId: 'python',
    from: 2,
    to: 4,
    prompt: 'a robin on a birdbath, docstring comment',
    linkLine: (l) => `    # ${l}`,
  },
  {
    file: 'report.sql',
    languageId: 'sql',
    from: 0,
    to: 0,
    prompt: 'a stack of wooden crates, SQL comment',
    linkLine: (l) => `-- ${l}`,
  },
  {
    file: 'settings.ini',
    languageId: 'ini',
    from: 1,
    to: 1,
    prompt: 'a brass gear on blueprint paper, INI comment',
    linkLine: (l) => `; ${l}`,
  },
  {
    file: 'page.html',
    languageId: 'html',
    from: 3,
    to: 3,
    prompt: 'a paper kite over a beach, HTML comment',
    linkLine: (l) => `    <!-- ${l} -->`,
  },
  {
    file: 'deploy.sh',
    languageId: 'shellscript',
    from: 1,
    to: 1,
    prompt: 'a rocket lifting off at dawn, shell comment',
    linkLine: (l) => `# ${l}`,
  },
  {
    file: 'moon.lua',
    languageId: 'lua',
    from: 0,
    to: 0,
    prompt: 'a crescent moon over a lake, Lua comment',
    linkLine: (l) => `-- ${l}`,
  },
  {
    file: 'core.clj',
    languageId: 'clojure',
    from: 1,
    to: 1,
    prompt: 'a lambda symbol carved in wood, Clojure comment',
    linkLine: (l) => `; ${l}`,
  },
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('Generate Image from Selection (against the emulator over HTTP)', function () {
  this.timeout(60_000);
  const emulator = useEmulatorSession();
  const folder = () => vscode.workspace.workspaceFolders![0]!.uri;
  const open = async (file: string) => {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), 'src', 'comments', file));
    const editor = await vscode.window.showTextDocument(document);
    // Each case starts from the fixture as written (an earlier case may have linked in the same file).
    await vscode.commands.executeCommand('workbench.action.files.revert');
    return { document, editor };
  };

  for (const c of cases) {
    const lines = `lines ${c.from + 1}-${c.to + 1}`;
    it(`${c.languageId}: ${c.file} ${lines} → the link on the next line, in its comment syntax`, async () => {
      const { document, editor } = await open(c.file);
      assert.equal(document.languageId, c.languageId);
      const linesBefore = document.lineCount;
      const commentBefore = document.lineAt(c.from).text;
      const end = c.toLineStart ? new vscode.Position(c.to + 1, 0) : document.lineAt(c.to).range.end;
      editor.selection = new vscode.Selection(new vscode.Position(c.from, 0), end);
      const requestsBefore = emulator().requests.length;

      await vscode.commands.executeCommand('imageStudio.generateFromSelection');

      const generation = emulator()
        .requests.slice(requestsBefore)
        .find((r) => r.path.endsWith('/images/generations'));
      assert.equal(
        generation?.fields.prompt,
        c.prompt,
        'the comment markers and the image: prefix are stripped from the prompt',
      );
      assert.equal(generation?.authorized, true);
      assert.equal(document.lineCount, linesBefore + 1, 'exactly one line was added');
      const linkLine = document.lineAt(c.to + 1).text;
      const linkPattern = escapeRegExp(c.linkLine('![PROMPT](PATH)'))
        .replace('PROMPT', escapeRegExp(c.prompt))
        .replace('PATH', '(\\.\\./)*(ignore/[^)]+\\.png)');
      const pattern = new RegExp(`^${linkPattern}$`);
      const match = pattern.exec(linkLine);
      assert.ok(match, `line ${c.to + 2} is the link in ${c.languageId} syntax: ${JSON.stringify(linkLine)}`);
      const relative = /\]\(([^)]+)\)/.exec(linkLine)![1]!;
      const { uri, bytes } = await linkedPng(document, relative);
      assert.deepEqual(
        [...bytes.slice(0, 4)],
        [0x89, 0x50, 0x4e, 0x47],
        'the link resolves from the document to a PNG',
      );
      assert.equal(path.posix.dirname(uri.path), vscode.Uri.joinPath(folder(), 'ignore').path, 'saved in ignore/');
      assert.equal(document.lineAt(c.from).text, commentBefore, 'the comment itself is untouched');
      if (!c.toLineStart)
        assert.equal(
          editor.selection.end.line,
          c.to,
          'the selection stays on the comment instead of growing over the link',
        );
    });
  }

  it('an empty selection asks for one and sends nothing', async () => {
    const { document, editor } = await open('moon.lua');
    editor.selection = new vscode.Selection(new vscode.Position(1, 3), new vscode.Position(1, 3));
    const before = document.getText();
    const requestsBefore = emulator().requests.length;
    const warnings = await recordMessages('showWarningMessage', () =>
      vscode.commands.executeCommand('imageStudio.generateFromSelection'),
    );
    assert.deepEqual(warnings, [
      'Image Studio: nothing is selected. ' +
        'Select the text or comment that describes the image, then run Generate Image from Selection again.',
    ]);
    assert.equal(document.getText(), before);
    assert.equal(emulator().requests.length, requestsBefore);
  });

  it('a selected comment with nothing in it says so and sends nothing', async () => {
    const { document, editor } = await open('report.sql');
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), '-- image:\n'));
    editor.selection = new vscode.Selection(new vscode.Position(0, 0), document.lineAt(0).range.end);
    const requestsBefore = emulator().requests.length;
    const warnings = await recordMessages('showWarningMessage', () =>
      vscode.commands.executeCommand('imageStudio.generateFromSelection'),
    );
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /The selection is empty: select a comment or text that describes the image/);
    assert.equal(emulator().requests.length, requestsBefore);
  });
});
