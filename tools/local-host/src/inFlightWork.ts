/** The work the host has started and not yet finished (requests, queue and timer runs): what stop() waits for. */
export class InFlightWork {
  readonly #pending = new Set<Promise<unknown>>();

  /** Counts `work` as in flight until it settles; returns it unchanged. */
  track<T>(work: Promise<T>): Promise<T> {
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    this.#pending.add(settled);
    void settled.then(() => this.#pending.delete(settled));
    return work;
  }

  /** Resolves once nothing is in flight, work that starts meanwhile included. */
  async drained(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }
}
