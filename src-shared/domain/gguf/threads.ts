// CPU threads for llama.cpp. Its own default here is max(4, math cores): on a 2-vCPU machine that
// is 4 spinning threads on 2 cores, ~600× slower than 1 (platform-notes §1). Decoding is bound by
// memory bandwidth, so the physical ("math") cores less one is as fast as all of them while it
// leaves a core for the Island, its NATS link and the owner's desktop.
export function chooseThreads(opts: { mathCores: number; override?: number | undefined }): number {
  if (opts.override !== undefined) {
    if (!Number.isInteger(opts.override) || opts.override < 1) throw new RangeError(`threads must be a whole number of 1 or more, got ${opts.override}`);
    return opts.override;
  }
  const cores = Number.isFinite(opts.mathCores) ? Math.floor(opts.mathCores) : 1;
  return Math.max(1, cores - 1);
}
