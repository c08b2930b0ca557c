/**
 * Work that outlives its HTTP exchange: Slack is acknowledged first and answered afterwards on the
 * response_url or with chat.postMessage, so a closed server says nothing about answers still being
 * computed. The bot tracks that work and waits for it before it closes the database.
 */
export interface InFlightTracker {
  /** Counts `work` as under way until it settles, and returns it as it is (its failure included). */
  track<T>(work: Promise<T>): Promise<T>;
  /** Resolves once nothing is under way, work tracked while waiting included; never rejects. */
  settled(): Promise<void>;
  /** How much work is under way now. */
  readonly size: number;
}

/** A tracker holding nothing: `settled()` resolves at once until something is tracked. */
export function createInFlightTracker(): InFlightTracker {
  const underWay = new Set<Promise<void>>();
  return {
    track(work) {
      const done: Promise<void> = work.then(ignore, ignore).finally(() => underWay.delete(done));
      underWay.add(done);
      return work;
    },
    async settled() {
      while (underWay.size > 0) await Promise.all(underWay);
    },
    get size() {
      return underWay.size;
    },
  };
}

/** Whoever passed the work in handles its outcome; the tracker only waits for it. */
function ignore(): void {}
