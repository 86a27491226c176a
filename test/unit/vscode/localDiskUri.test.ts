import { strict as assert } from 'node:assert';
import { isOnLocalDisk } from '../../../src/vscode/localDiskUri';

describe('isOnLocalDisk', () => {
  it('takes a file: path without a server, and leaves network paths and other schemes to workspace.fs', () => {
    assert.equal(isOnLocalDisk({ scheme: 'file', authority: '' }), true);
    // \\server\share\proj and \\wsl.localhost\Ubuntu\home: the server is the authority, which a plain path drops.
    assert.equal(isOnLocalDisk({ scheme: 'file', authority: 'server' }), false);
    assert.equal(isOnLocalDisk({ scheme: 'file', authority: 'wsl.localhost' }), false);
    assert.equal(isOnLocalDisk({ scheme: 'vscode-vfs', authority: 'github' }), false);
    assert.equal(isOnLocalDisk({ scheme: 'vscode-remote', authority: '' }), false);
  });
});
