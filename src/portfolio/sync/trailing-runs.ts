/**
 * One run per key at a time, each begun after everyone it answers had asked: a caller arriving
 * while a run is under way gets the next run, which starts once that one has settled and is
 * shared by every caller arriving before it starts. So a burst of requests for the same fresh
 * read (a broker's webhooks and our own post-trade refresh for one account) costs two reads,
 * not one per request, and no caller gets an answer that began before it asked.
 *
 * A run may also wait a little before it starts (`afterMs`), for the rest of a burst to share it;
 * a caller that does not wait (a reader) starts it as soon as the run before it has settled.
 */
export class TrailingRuns<T> {
  private readonly slots = new Map<string, Slot<T>>();

  run(key: string, work: () => Promise<T>, options: { afterMs?: number } = {}): Promise<T> {
    const afterMs = options.afterMs ?? 0;
    let slot = this.slots.get(key);
    if (!slot) {
      slot = { previous: Promise.resolve(), waiting: null };
      this.slots.set(key, slot);
    }
    // Not started yet: this caller asked before it starts, so it can share it (with its own
    // work, the latest asked for).
    if (slot.waiting) {
      slot.waiting.work = work;
      if (afterMs === 0) slot.waiting.hurry();
      return slot.waiting.result;
    }
    const owner = slot;
    const waiting = { work, hurry: () => {} } as Waiting<T>;
    const pause =
      afterMs > 0
        ? new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, afterMs);
            waiting.hurry = () => {
              clearTimeout(timer);
              resolve();
            };
          })
        : undefined;
    waiting.result = Promise.all([owner.previous, pause]).then(() => {
      owner.waiting = null;
      return waiting.work();
    });
    owner.waiting = waiting;
    const settled = waiting.result.then(
      () => {},
      () => {},
    );
    owner.previous = settled;
    void settled.then(() => {
      if (owner.previous === settled && this.slots.get(key) === owner) this.slots.delete(key);
    });
    return waiting.result;
  }

  /** Resolves once every run begun or queued so far has settled. */
  async idle(): Promise<void> {
    await Promise.all([...this.slots.values()].map((slot) => slot.previous));
  }

  /** Keys with a run under way or waiting (for tests). */
  get size(): number {
    return this.slots.size;
  }
}

interface Waiting<T> {
  work: () => Promise<T>;
  result: Promise<T>;
  /** Starts the run as soon as the one before it has settled, without its pause. */
  hurry: () => void;
}

interface Slot<T> {
  /** Settles when the last run begun or queued for the key has settled. */
  previous: Promise<void>;
  /** The next run, queued behind the one under way and not started yet. */
  waiting: Waiting<T> | null;
}
