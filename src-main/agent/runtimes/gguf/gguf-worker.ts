// The inference process of the GGUF runtime: started with child_process.fork, it hosts one model
// and generates for the Island's jobs, talking over the IPC channel (worker-protocol.ts). A model
// that makes llama.cpp abort() takes down this process only; the Island fails that job and starts
// a fresh process for the next.
//
// Bundled as dist/gguf-worker.mjs (node-llama-cpp stays external); from source it runs under
// tsx, since it imports the project's own modules (worker-file.ts).
import { errorMessage } from '../../../../src-shared/errors';
import { generate } from './worker-generate';
import { loadModel, type LoadedModel, type WorkerLog } from './worker-model';
import { decodeParentMessage, type ChildMessage, type ParentMessage } from './worker-protocol';

const channel = process.send?.bind(process);
if (!channel) {
  process.stderr.write('gguf-worker must be started by the Island (child_process.fork with an IPC channel)\n');
  process.exit(2);
}
const send = (message: ChildMessage): void => {
  if (process.connected) channel(message);
};
const log: WorkerLog = (level, message) => send({ type: 'log', level, message: message.slice(0, 8192) });

let loaded: LoadedModel | null = null;
let loading = false;
const running = new Map<number, AbortController>();

async function onLoad(msg: Extract<ParentMessage, { type: 'load' }>): Promise<void> {
  if (loading || loaded) return log('error', 'a second load message was ignored: this process hosts one model');
  loading = true;
  const result = await loadModel(msg, log);
  if (!result.ok) {
    send({ type: 'load-failed', reason: result.reason, error: result.error.slice(0, 4096) });
    return;
  }
  loaded = result.loaded;
  send({ type: 'loaded', info: loaded.info });
}

async function onGenerate(msg: Extract<ParentMessage, { type: 'generate' }>): Promise<void> {
  if (!loaded) return send({ type: 'failed', id: msg.id, error: 'no model is loaded in the inference process' });
  if (running.has(msg.id)) return log('error', `generation ${msg.id} is already running; the repeat was ignored`);
  const controller = new AbortController();
  running.set(msg.id, controller);
  try {
    const end = await generate(loaded, msg, controller.signal, (text) => send({ type: 'token', id: msg.id, text }));
    send(end);
  } catch (err) {
    send({ type: 'failed', id: msg.id, error: errorMessage(err).slice(0, 4096) });
  } finally {
    running.delete(msg.id);
  }
}

async function onUnload(): Promise<never> {
  // Running generations end with the process; the Island tells their jobs why.
  await loaded?.llama.dispose().catch(() => undefined);
  process.exit(0);
}

function onMessage(raw: unknown): void {
  const decoded = decodeParentMessage(raw);
  if (!decoded.ok) return log('error', decoded.error);
  const msg = decoded.message;
  switch (msg.type) {
    case 'load':
      return void onLoad(msg);
    case 'generate':
      return void onGenerate(msg);
    case 'cancel':
      return running.get(msg.id)?.abort();
    case 'unload':
      return void onUnload();
  }
}

process.on('message', onMessage);
// The Island is gone (or closed the channel): nothing may outlive it holding a GPU.
process.on('disconnect', () => process.exit(0));
