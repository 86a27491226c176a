#!/usr/bin/env node
//@ts-check
'use strict';
/**
 * Prettier wraps code at 120 columns but cannot break a long string or comment: this catches those.
 * JSON is left out because its strings cannot be broken (package.json's setting descriptions), and so is
 * Markdown, whose tables are one row per line.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const MAX_LINE_LENGTH = 120;
const CODE_FILES = ['*.ts', '*.mts', '*.js', '*.mjs', '*.cjs', '*.css', '*.html'];

const root = path.resolve(__dirname, '..');
const files = execFileSync('git', ['ls-files', '-z', '--', ...CODE_FILES], { cwd: root, encoding: 'utf8' })
  .split('\0')
  .filter((file) => file !== '' && !file.startsWith('test/fixtures/'));

const tooLong = [];
for (const file of files) {
  const absolute = path.join(root, file);
  // Listed by git but deleted in the work tree: nothing to check.
  if (!fs.existsSync(absolute)) continue;
  fs.readFileSync(absolute, 'utf8')
    .split('\n')
    .forEach((line, index) => {
      // Characters, not UTF-16 units, so an emoji or an em dash counts once, as an editor shows it.
      const length = [...line].length;
      if (length > MAX_LINE_LENGTH) tooLong.push(`${file}:${index + 1}: ${length} characters`);
    });
}
if (tooLong.length > 0) {
  console.error(`${tooLong.length} lines are longer than ${MAX_LINE_LENGTH} characters:\n${tooLong.join('\n')}`);
  console.error('Break long strings into parts joined with +, and long comments into several lines.');
  process.exit(1);
}
console.log(`${files.length} files checked: no line longer than ${MAX_LINE_LENGTH} characters.`);
