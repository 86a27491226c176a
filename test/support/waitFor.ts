/** Subscribes `onEvent` to something that changes; returns the unsubscribe. */
export type Subscribe = (onEvent: () => void) => () => void;

/**
 * Resolves with the first truthy value of `probe`, looked at now and again each time the event fires
 * (a message posted, a request logged, a file written): never on a timer. `timeoutMs` only bounds a
 * failure, so a test that will not pass says what it waited for instead of hanging to mocha's limit.
 */
export function waitFor<T>(
  what: string,
  subscribe: Subscribe,
  probe: () => T | undefined | null | false,
  timeoutMs = 30_000,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let done = false;
    const finish = (settle: () => void): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      unsubscribe();
      settle();
    };
    const look = (): void => {
      if (done) return;
      try {
        const value = probe();
        if (value !== undefined && value !== null && value !== false) finish(() => resolve(value));
      } catch (err) {
        finish(() => reject(err instanceof Error ? err : new Error(String(err))));
      }
    };
    const timer = setTimeout(
      () => finish(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`))),
      timeoutMs,
    );
    // Events only fire later, so `unsubscribe` exists before `finish` can run.
    const unsubscribe = subscribe(look);
    look();
  });
}

/** Several event sources as one. */
export function anyOf(...sources: Subscribe[]): Subscribe {
  return (onEvent) => {
    const unsubscribes = sources.map((source) => source(onEvent));
    return () => {
      for (const unsubscribe of unsubscribes) unsubscribe();
    };
  };
}
