// Keeps the machine awake while a job runs (a sleeping laptop fails its job and its karma), and
// lets it sleep again as soon as none does. Only app suspension is blocked: the display may sleep.
export interface PowerSaveBlockerLike {
  start(type: 'prevent-app-suspension' | 'prevent-display-sleep'): number;
  stop(id: number): void;
}

export class PowerSaveGuard {
  private blockId: number | null = null;

  constructor(private readonly blocker: PowerSaveBlockerLike) {}

  /** Called with the number of running jobs whenever it may have changed. */
  update(activeJobs: number): void {
    if (activeJobs > 0 && this.blockId === null) this.blockId = this.blocker.start('prevent-app-suspension');
    else if (activeJobs === 0 && this.blockId !== null) this.release();
  }

  release(): void {
    if (this.blockId === null) return;
    this.blocker.stop(this.blockId);
    this.blockId = null;
  }

  get blocking(): boolean {
    return this.blockId !== null;
  }
}
