// The ONNX inference process (child_process.fork of this file; bundled as dist/onnx-worker.mjs).
// It hosts one model: onnxruntime-node is loaded here and only here, so a model that crashes
// the native runtime takes down this process and fails its job, never the Island. Jobs run one
// at a time, in the order the runtime sends them.
import { readFileSync } from 'node:fs';
import { errorMessage } from '../../../../src-shared/errors';
import { parseId2Label, type LabelMap } from '../../../../src-shared/domain/onnx/labels';
import { openSession, ModelLoadError, type ModelSession, type OrtModule } from './child/session';
import { runTask } from './child/run-task';
import { TaskError } from './child/task-error';
import { TextTokenizer } from './child/text-tokenizer';
import { capText, decodeParentMessage, type ChildMessage, type ParentMessage, type RunMessage } from './worker-protocol';

const send = (m: ChildMessage): void => {
  process.send?.(m);
};
const log = (level: 'debug' | 'info' | 'warn', message: string, fields?: Record<string, unknown>) =>
  send({ type: 'log', level, message: capText(message), ...(fields ? { fields } : {}) });

let session: ModelSession | null = null;
const tokenizers = new Map<string, TextTokenizer>();
const labelSets = new Map<string, LabelMap | null>();
let queue: Promise<void> = Promise.resolve();

async function load(m: Extract<ParentMessage, { type: 'load' }>): Promise<void> {
  const started = performance.now();
  let ort: OrtModule;
  try {
    // A CommonJS package: its exports are the ES module's default.
    const mod = (await import('onnxruntime-node')) as OrtModule & { default?: OrtModule };
    ort = mod.default ?? mod;
  } catch (err) {
    send({ type: 'load-failed', reason: 'runtime', error: capText(`onnxruntime-node cannot be loaded on this machine: ${errorMessage(err)}`) });
    return;
  }
  try {
    session = await openSession(ort, m.modelPath, m.providers, m.threads);
  } catch (err) {
    send({ type: 'load-failed', reason: 'model', error: capText(err instanceof ModelLoadError ? err.message : `Failed to load ONNX model: ${errorMessage(err)}`) });
    return;
  }
  const version = (ort.env as { versions?: { common?: string } }).versions?.common ?? 'unknown';
  send({
    type: 'loaded',
    provider: session.provider,
    fallback: session.fallback,
    loadMs: performance.now() - started,
    ortVersion: version,
    inputs: session.inputs,
    outputs: session.outputs,
  });
}

function tokenizerFor(files: RunMessage['files']): TextTokenizer | null {
  if (!files.tokenizer) return null;
  const key = `${files.tokenizer}\n${files.tokenizerConfig ?? ''}`;
  let t = tokenizers.get(key);
  if (!t) {
    t = TextTokenizer.load(files.tokenizer, files.tokenizerConfig);
    tokenizers.set(key, t);
  }
  return t;
}

function labelsFor(file: string | null): LabelMap | null {
  if (!file) return null;
  if (labelSets.has(file)) return labelSets.get(file)!;
  let labels: LabelMap | null = null;
  try {
    const parsed = parseId2Label(JSON.parse(readFileSync(file, 'utf8')));
    if (parsed.ok) labels = parsed.labels;
    else log('warn', 'class names not used', { error: parsed.error });
  } catch (err) {
    log('warn', 'class names not used: config.json could not be read', { error: errorMessage(err) });
  }
  labelSets.set(file, labels);
  return labels;
}

async function run(m: RunMessage): Promise<void> {
  if (!session) {
    send({ type: 'failed', id: m.id, error: 'no model is loaded in this inference process' });
    return;
  }
  const started = performance.now();
  try {
    const env = {
      task: m.task,
      session,
      tokenizer: tokenizerFor(m.files),
      labels: labelsFor(m.files.config),
      log: (message: string, fields?: Record<string, unknown>) => log('info', message, fields),
    };
    const output = await runTask(env, m.input);
    send({ type: 'result', id: m.id, output, runMs: performance.now() - started });
  } catch (err) {
    // A TaskError is about this job's input or model; anything else is onnxruntime's own message.
    const error = err instanceof TaskError ? err.message : errorMessage(err);
    send({ type: 'failed', id: m.id, error: capText(error) });
  }
}

process.on('message', (raw: unknown) => {
  const decoded = decodeParentMessage(raw);
  if (!decoded.ok) {
    const id = (raw as { id?: unknown } | null)?.id;
    if (typeof id === 'number' && Number.isSafeInteger(id) && id >= 0) send({ type: 'failed', id, error: capText(decoded.error) });
    else log('warn', decoded.error);
    return;
  }
  const m = decoded.message;
  queue = queue.then(() => (m.type === 'load' ? load(m) : run(m)));
});

// The Island went away: nothing is left to answer to.
process.on('disconnect', () => process.exit(0));

if (!process.send) {
  console.error('onnx-worker must be started by the Island (child_process.fork), not run directly');
  process.exit(2);
}
