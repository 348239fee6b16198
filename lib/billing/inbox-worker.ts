// Runs webhook processing inside a long-running server: one loop per process
// (started from instrumentation-node.ts), woken by each acknowledged event
// (`after()` in the webhook route) and otherwise polling rarely, so events
// acknowledged by an instance that died are picked up by the others.
//
// A pass waits until this process has acknowledged nothing new for QUIET_MS
// (at most MAX_WAIT_MS after the first unprocessed acknowledgement): the
// events of a burst are then claimed together, and each customer is synced
// once for all of them instead of once per event.
import "server-only";
import { drainInbox, type InboxDeps } from "./inbox";

const QUIET_MS = 500;
const MAX_WAIT_MS = 5_000;
// After a pass that found work (another instance's events, retries due).
const BUSY_POLL_MS = 1_000;
const IDLE_POLL_MS = 2_000;

export type InboxWorker = {
  /** Asks for a pass soon; resolves when a pass that started after the call is done. */
  kick(): Promise<void>;
  stop(): void;
};

export function startInboxWorker(deps: () => InboxDeps): InboxWorker {
  let stopped = false;
  // Acknowledgements since the last pass started: the first one and the latest.
  let firstKick: number | undefined;
  let lastKick = 0;
  let wake: (() => void) | undefined;
  let waiting: Array<() => void> = [];

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      // Never what keeps the process alive.
      timer.unref();
      wake = resolve;
    });

  void (async () => {
    let foundWork = false;
    while (!stopped) {
      if (firstKick === undefined) await sleep(foundWork ? BUSY_POLL_MS : IDLE_POLL_MS);
      // Let a burst finish arriving (wakes on each kick and sleeps again).
      while (!stopped && firstKick !== undefined) {
        const now = Date.now();
        const wait = Math.min(lastKick + QUIET_MS - now, firstKick + MAX_WAIT_MS - now);
        if (wait <= 0) break;
        await sleep(wait);
      }
      if (stopped) break;
      firstKick = undefined;
      const finished = waiting;
      waiting = [];
      try {
        const report = await drainInbox(deps());
        foundWork = report.claimed > 0 || report.emailsSent > 0;
      } catch (error) {
        // The database is down, say: try again at the next poll.
        console.error("Webhook processing pass failed", error);
        foundWork = false;
      }
      for (const resolve of finished) resolve();
    }
    for (const resolve of waiting) resolve();
  })();

  return {
    kick() {
      lastKick = Date.now();
      firstKick ??= lastKick;
      const done = new Promise<void>((resolve) => waiting.push(resolve));
      wake?.();
      return done;
    },
    stop() {
      stopped = true;
      wake?.();
    },
  };
}
