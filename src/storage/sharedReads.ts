// One read shared by every caller that asks for it while another read is under way. Each caller
// still gets a read that began after it asked (never an answer older than its question, so
// nothing is cached): a caller that arrives while a read is out waits for it to come back and
// then shares the next one with everyone else who arrived meanwhile. Under a burst the row costs
// one request per round trip instead of one per caller; when it is quiet nobody waits.

export class SharedReads<T> {
  /** the read under way */
  private running: Promise<T> | null = null;
  /** the read that starts once the running one is back, shared by those who asked meanwhile */
  private next: Promise<T> | null = null;

  constructor(private readonly read: () => Promise<T>) {}

  /** The result of a read that begins now or, when one is under way, right after it. */
  fresh(): Promise<T> {
    if (this.running === null) return this.start();
    if (this.next === null) {
      const after = () => {
        this.next = null;
        return this.start();
      };
      this.next = this.running.then(after, after);
    }
    return this.next;
  }

  private start(): Promise<T> {
    const read = this.read();
    this.running = read;
    const done = () => {
      if (this.running === read) this.running = null;
    };
    read.then(done, done);
    return read;
  }
}
