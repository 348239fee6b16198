// A closed-loop load generator: `concurrency` workers send `count` requests
// in all, each waiting for its answer before the next.
export type LoadResult = { requests: number; rps: number; p50: number; p99: number; errors: number };

export async function load(
  count: number,
  concurrency: number,
  request: (index: number) => Promise<Response>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const index = next++;
        const begin = performance.now();
        try {
          const response = await request(index);
          await response.arrayBuffer();
          if (!response.ok) errors++;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - begin);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return {
    requests: count,
    rps: Math.round(count / seconds),
    p50: +at(0.5).toFixed(1),
    p99: +at(0.99).toFixed(1),
    errors,
  };
}
