// What a job's error says when llama.cpp kills its inference process (a GGML_ASSERT in a
// malformed model calls abort()): the signal or exit code, and the line of stderr that explains
// it (llama.cpp prints the failed assertion just before aborting).
export interface ProcessEnd {
  code: number | null;
  signal: string | null;
}

const TELLING = /GGML_ASSERT|GGML_ABORT|error|fatal|abort|terminate|exception|out of memory|failed/i;
// llama.cpp prints the source path of the build machine; the file name is all that helps.
const BUILD_PATH = /^\S*\/(?=[^/\s]+\.(?:c|cc|cpp|h|hpp|cu|m|mm):\d+)/;

/** The line that best explains a crash: the last telling one, else the last non-empty one. */
export function tellingLine(lines: readonly string[]): string | null {
  const nonEmpty = lines.map((l) => l.trim()).filter((l) => l !== '');
  const line = [...nonEmpty].reverse().find((l) => TELLING.test(l)) ?? nonEmpty.at(-1);
  return line === undefined ? null : line.replace(BUILD_PATH, '');
}

export function describeEnd(end: ProcessEnd): string {
  if (end.signal) return `signal ${end.signal}`;
  return `exit code ${end.code ?? 'unknown'}`;
}

/** `the model crashed the inference process (signal SIGABRT) while loading: <line>`. */
export function crashMessage(end: ProcessEnd, phase: 'loading' | 'generating', stderrLines: readonly string[]): string {
  const line = tellingLine(stderrLines);
  const base = `the model crashed the inference process (${describeEnd(end)}) while ${phase}`;
  return line ? `${base}: ${line}` : `${base}; it printed nothing on stderr`;
}
