const NICE_BUCKET_SECONDS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

/** The smallest readable bucket width that splits `spanSeconds` into at most `maxBuckets` buckets. */
export function chooseBucketSeconds(spanSeconds: number, maxBuckets = 60): number {
  const wanted = spanSeconds / maxBuckets;
  return NICE_BUCKET_SECONDS.find((seconds) => seconds >= wanted) ?? Math.ceil(wanted / 86400) * 86400;
}

/** Counts `times` per bucket of `bucketSeconds` from `from`; a time before `from` lands in the first bucket. */
export function countPerBucket(times: readonly string[], from: string, bucketSeconds: number): Array<{ at: string; rows: number }> {
  const start = Date.parse(from);
  const bucketMs = bucketSeconds * 1000;
  const counts = new Map<number, number>();
  for (const time of times) {
    const bucket = Math.max(0, Math.floor((Date.parse(time) - start) / bucketMs));
    counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort(([a], [b]) => a - b)
    .map(([bucket, rows]) => ({ at: new Date(start + bucket * bucketMs).toISOString(), rows }));
}
