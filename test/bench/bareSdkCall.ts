/**
 * The yardstick for the engine: what a person would write by hand with the `openai` SDK to make one image and
 * save it, and nothing more (no checks, no manifest, no ledger). Run as its own process by the bench:
 * `node bareSdkCall.js <baseUrl> <size> <stream:0|1> <outFile>`, with the key in OPENAI_API_KEY.
 */
import { writeFileSync } from 'node:fs';
import OpenAI from 'openai';

async function main(): Promise<void> {
  const [baseURL, size, stream, outFile] = process.argv.slice(2);
  if (!baseURL || !size || !outFile) throw new Error('usage: bareSdkCall <baseUrl> <size> <stream:0|1> <outFile>');
  const client = new OpenAI({ baseURL, maxRetries: 0 });
  const request = { model: 'gpt-image-2', prompt: 'a lighthouse at dusk', size: size as '1024x1024', quality: 'low' };
  if (stream === '1') {
    // The same request the CLI's --stream makes: two partial previews before the final image.
    const events = await client.images.generate({ ...request, quality: 'low', stream: true, partial_images: 2 });
    for await (const event of events) {
      if (event.type === 'image_generation.completed') writeFileSync(outFile, Buffer.from(event.b64_json, 'base64'));
    }
    return;
  }
  const answer = await client.images.generate({ ...request, quality: 'low' });
  writeFileSync(outFile, Buffer.from(answer.data?.[0]?.b64_json ?? '', 'base64'));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
