// Runs webhook processing inside a long-running server: one loop per process
// (started from instrumentation-node.ts), woken by each acknowledged event
// (`after()` in the webhook route) and otherwise polling rarely, so events
// acknowledged by an instance that died are picked up by the others.
//
// Passes are spaced COALESCE_MS apart: the events of a burst that arrive in
// between are claimed together, and each customer is synced once for all of
// them instead of once per event.
import "server-only";
import { drainInbox, type InboxDeps } from "./inbox";

export const COALESCE_MS = 1_000;
const IDLE_POLL_MS = 2_000;

export type InboxWorker = {
  /** Asks for a pass soon; resolves when a pass that started after the call is done. */
  kick(): Promise<void>;
  stop(): void;
};

export function startInboxWorker(
  deps: () => InboxDeps,
  options: { coalesceMs?: number; idlePollMs?: number } = {},
): InboxWorker {
  const coalesceMs = options.coalesceMs ?? COALESCE_MS;
  const idlePollMs = options.idlePollMs ?? IDLE_POLL_MS;
  let stopped = false;
  let kicked = false;
  let wake: (() => void) | undefined;
  let waiting: Array<() => void> = [];

  const sleep = (ms: number, wakeable: boolean) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      // Never what keeps the process alive.
      timer.unref();
      if (wakeable) wake = resolve;
    });

  void (async () => {
    let lastPass = 0;
    let foundWork = false;
    while (!stopped) {
      if (!kicked && !foundWork) await sleep(idlePollMs, true);
      wake = undefined;
      const gap = lastPass + coalesceMs - Date.now();
      if (gap > 0) await sleep(gap, false);
      if (stopped) break;
      kicked = false;
      const finished = waiting;
      waiting = [];
      lastPass = Date.now();
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
      kicked = true;
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
