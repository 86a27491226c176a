/**
 * Preloaded into a measured process (`node --require peakRss.js`): at exit it writes the process's peak resident
 * memory, in bytes, to the file named by IMAGE_STUDIO_BENCH_RSS_FILE. The kernel's own high-water mark, so no
 * sampling can miss the peak.
 */
import { writeFileSync } from 'node:fs';

const target = process.env['IMAGE_STUDIO_BENCH_RSS_FILE'];
if (target) {
  process.on('exit', () => {
    // resourceUsage reports kilobytes.
    writeFileSync(target, String(process.resourceUsage().maxRSS * 1024));
  });
}
