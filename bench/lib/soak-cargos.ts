// The Cargos the soak runs: the test suite's WASM modules (served over HTTP on 127.0.0.1, so the
// runtime downloads and caches them like a coordinator's) and three busybox images FROM scratch
// (built locally, never pulled; `[registry] allowed` lets the Island use them).
import type Docker from 'dockerode';
import { buildCargo, buildStreamCargo } from '../../tests/fixtures/wasm/cargos';
import { startModuleServer, type ModuleServer } from '../../tests/fixtures/wasm/module-server';
import { buildTestImage } from '../../tests/harness/docker';

/** The registry prefix to allow in the Island's config. */
export const SOAK_REGISTRY = 'docker.io/island-soak';

const READ_INPUT = 'input=$(cat)';
const SCRIPTS = {
  /** Streams the prompt back word by word. */
  echo: [
    READ_INPUT,
    "prompt=$(printf '%s' \"$input\" | sed -n 's/.*\"prompt\":\"\\([^\"]*\\)\".*/\\1/p')",
    'echo \'{"type":"status","message":"ready"}\'',
    'for w in $prompt; do printf \'{"type":"token","content":"%s "}\\n\' "$w"; done',
    'echo \'{"type":"done"}\'',
  ].join('\n'),
  /** One token, then a non-zero exit: `failed`. */
  fail: [READ_INPUT, 'echo \'{"type":"token","content":"partial"}\'', 'exit 3'].join('\n'),
  /** Ready, then sleeps until the Island kills it (the soak cancels it). */
  sleeper: [READ_INPUT, 'echo \'{"type":"status","message":"ready"}\'', 'sleep 120'].join('\n'),
} as const;

export interface SoakCargos {
  wasm: { hello: string; stream: string; exit3: string; trap: string; sleeper: string };
  images: Record<keyof typeof SCRIPTS, string>;
  close(): Promise<void>;
}

export async function prepareSoakCargos(docker: Docker): Promise<SoakCargos> {
  const modules: ModuleServer = await startModuleServer();
  const serve = async (name: string, bytes: Promise<Uint8Array>): Promise<string> => {
    modules.serve(name, { bytes: await bytes });
    return modules.url(name);
  };
  const wasm = {
    hello: await serve('hello.wasm', buildCargo('hello')),
    // The stream Cargo with short pauses: a few outputs over ~100 ms.
    stream: await serve('stream.wasm', buildStreamCargo(50)),
    exit3: await serve('exit3.wasm', buildCargo('exit3')),
    trap: await serve('trap.wasm', buildCargo('trap')),
    sleeper: await serve('sleeper.wasm', buildCargo('sleeper')),
  };
  const images = {
    echo: await buildTestImage(docker, 'island-soak/echo:1', SCRIPTS.echo),
    fail: await buildTestImage(docker, 'island-soak/fail:1', SCRIPTS.fail),
    sleeper: await buildTestImage(docker, 'island-soak/sleeper:1', SCRIPTS.sleeper),
  };
  return { wasm, images, close: () => modules.close() };
}
