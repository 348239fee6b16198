/**
 * The emulator's notion of "now", in unix seconds. It runs with the wall
 * clock plus an offset that the test clock control moves forward; while a
 * scheduled billing action runs, `now()` is pinned to the moment it was due
 * so that the objects and events it creates carry that timestamp.
 */
export class Clock {
  private pinned: number | undefined;
  private readonly getOffset: () => number;
  private readonly setOffset: (seconds: number) => void;

  constructor(getOffset: () => number, setOffset: (seconds: number) => void) {
    this.getOffset = getOffset;
    this.setOffset = setOffset;
  }

  now(): number {
    return this.pinned ?? Math.floor(Date.now() / 1000) + this.getOffset();
  }

  /** Runs `action` as if it happened at `time`. */
  at<T>(time: number, action: () => T): T {
    const previous = this.pinned;
    this.pinned = time;
    try {
      return action();
    } finally {
      this.pinned = previous;
    }
  }

  /** Moves the free-running clock so that `now()` returns `time` (never backwards). */
  jumpTo(time: number): void {
    const wall = Math.floor(Date.now() / 1000);
    const offset = Math.max(this.getOffset(), time - wall);
    if (offset !== this.getOffset()) this.setOffset(offset);
  }
}

const DAY = 86_400;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/**
 * Adds `count` billing intervals to `anchor` the way Stripe bills: monthly
 * periods keep the anchor's day of month, clamped to shorter months
 * (Jan 31 -> Feb 28 -> Mar 31). Intervals other than day, week and year count as months.
 */
export function addInterval(anchor: number, interval: string, count: number): number {
  if (interval === "day") return anchor + count * DAY;
  if (interval === "week") return anchor + count * 7 * DAY;
  const date = new Date(anchor * 1000);
  const months = interval === "year" ? count * 12 : count;
  const totalMonths = date.getUTCMonth() + months;
  const year = date.getUTCFullYear() + Math.floor(totalMonths / 12);
  const month = ((totalMonths % 12) + 12) % 12;
  const day = Math.min(date.getUTCDate(), daysInMonth(year, month));
  return Math.floor(Date.UTC(year, month, day, date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()) / 1000);
}

export const SECONDS_PER_DAY = DAY;
