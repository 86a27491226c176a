import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { APIConnectionError } from 'openai';
import { sdk, start } from './support';

describe('emulator: latency and the CLI', function () {
  this.timeout(30_000);

  it('waits per the latency model (high 60 s at 1024² x latencyScale)', async () => {
    const emu = await start({ latencyScale: 0.002 });
    try {
      const t0 = Date.now();
      const { response } = await sdk(emu)
        .images.generate({ model: 'gpt-image-2', prompt: 'slow', quality: 'high', size: '1024x1024' })
        .withResponse();
      assert.ok(Date.now() - t0 >= 115, `took ${Date.now() - t0} ms`);
      assert.ok(Number(response.headers.get('openai-processing-ms')) >= 115);
    } finally {
      await emu.close();
    }
  });

  it('close() ends a request that is still waiting out its latency', async () => {
    const emu = await start({ latencyScale: 1 });
    const pending = sdk(emu)
      .images.generate({ model: 'gpt-image-2', prompt: 'very slow', quality: 'high', size: '1024x1024' })
      .catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 150));
    const t0 = Date.now();
    await emu.close();
    assert.ok((await pending) instanceof APIConnectionError);
    assert.ok(Date.now() - t0 < 2000);
  });

  it('cli.js prints its base URL and serves with the given key', async () => {
    const cli = path.join(__dirname, '..', '..', 'emulator', 'cli.js');
    const child = spawn(
      process.execPath,
      [cli, '--port', '0', '--api-key', 'sk-cli-key', '--images-per-minute', '3', '--latency-scale', '0'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      const baseUrl = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const m = /listening on (http:\/\/\S+\/v1)/.exec(out);
          if (m?.[1]) resolve(m[1]);
        });
        child.once('exit', (code) => reject(new Error(`cli exited with ${code}`)));
      });
      const res = await fetch(`${baseUrl}/models`, { headers: { authorization: 'Bearer sk-cli-key' } });
      assert.equal(res.status, 200);
      const gen = await fetch(`${baseUrl}/images/generations`, {
        method: 'POST',
        headers: { authorization: 'Bearer sk-cli-key', 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-image-2', prompt: 'cli', size: '1024x640', quality: 'low' }),
      });
      assert.equal(gen.status, 200);
      assert.equal(gen.headers.get('x-ratelimit-limit-requests'), '3');
    } finally {
      child.kill();
    }
  });
});
