// The load generator, run by bench/run.ts in a process of its own so its CPU
// is not the server's: N keep-alive connections send GETs for a fixed time and
// it reports requests/s, latency percentiles, bytes and the CPU it used itself
// (its share of one core), so runs on a busy machine can be compared.
import http from "node:http";

type Job = { url: string; connections: number; seconds: number; headers?: Record<string, string> };

const job = JSON.parse(process.argv[2]!) as Job;
const target = new URL(job.url);
const agent = new http.Agent({ keepAlive: true, maxSockets: job.connections });

function get(): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const request = http.get(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        agent,
        headers: job.headers,
      },
      (response) => {
        let bytes = 0;
        response.on("data", (chunk: Buffer) => (bytes += chunk.length));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, bytes }));
        response.on("error", reject);
      },
    );
    request.on("error", reject);
  });
}

const latencies: number[] = [];
let errors = 0;
let bytes = 0;
const cpuBefore = process.cpuUsage();
const started = performance.now();
const endAt = started + job.seconds * 1000;
await Promise.all(
  Array.from({ length: job.connections }, async () => {
    while (performance.now() < endAt) {
      const begin = performance.now();
      try {
        const response = await get();
        bytes += response.bytes;
        if (response.status >= 400) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - begin);
    }
  }),
);
const wallMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
latencies.sort((a, b) => a - b);
const at = (q: number) =>
  +(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0).toFixed(1);
agent.destroy();
console.log(
  JSON.stringify({
    requests: latencies.length,
    rps: Math.round(latencies.length / (wallMs / 1000)),
    p50: at(0.5),
    p99: at(0.99),
    errors,
    bytesPerResponse: Math.round(bytes / Math.max(1, latencies.length)),
    loadCpuShare: +((cpu.user + cpu.system) / 1000 / wallMs).toFixed(2),
  }),
);
