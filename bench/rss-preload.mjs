// Loaded with `node --import` into a benchmarked child: on exit it writes the process's peak RSS and the CPU
// time it used, as JSON, to the file named by APBATCH_BENCH_RSS_FILE. Product code knows nothing of it.
import { writeFileSync } from 'node:fs';

const target = process.env.APBATCH_BENCH_RSS_FILE;
if (target) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(
      target,
      JSON.stringify({ maxRssBytes: usage.maxRSS * 1024, userCpuMicros: usage.userCPUTime, systemCpuMicros: usage.systemCPUTime }),
    );
  });
}
