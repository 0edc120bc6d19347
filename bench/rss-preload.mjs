// Loaded with `node --import` into a benchmarked child: on exit it writes the process's peak RSS (bytes)
// to the file named by APBATCH_BENCH_RSS_FILE. Product code knows nothing of it.
import { writeFileSync } from 'node:fs';

const target = process.env.APBATCH_BENCH_RSS_FILE;
if (target) {
  process.on('exit', () => {
    writeFileSync(target, String(process.resourceUsage().maxRSS * 1024));
  });
}
