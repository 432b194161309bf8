// Compiling once per module, and the checks a WASI command must pass before a worker starts.
import { describe, expect, it } from 'vitest';
import { ModuleCompiler } from '../../../../src-main/agent/runtimes/wasm/compiled-modules';
import { MAX_TABLE_ELEMENTS } from '../../../../src-main/agent/runtimes/wasm/heap-limits';
import { WASI_MODULE, WASI_PREVIEW1_FUNCTIONS } from '../../../../src-main/agent/runtimes/wasm/wasi-preview1';
import { wasmApi } from '../../../../src-main/agent/runtimes/wasm/wasm-api';
import { buildCargo } from '../../../fixtures/wasm/cargos';
import { compileWat } from '../../../fixtures/wasm/wat';

describe('ModuleCompiler', () => {
  it('compiles a module once and hands the same compiled module to later jobs', async () => {
    const compiler = new ModuleCompiler(4096);
    const bytes = await buildCargo('echo');
    const a = await compiler.prepare(bytes, 'k1');
    const b = await compiler.prepare(bytes, 'k1');
    expect(b.module).toBe(a.module);
    expect(a.maxPages).toBe(4096);
  });

  it('forgets a module that failed, so the next attempt compiles again', async () => {
    const compiler = new ModuleCompiler(4096);
    const garbage = new TextEncoder().encode('not wasm');
    await expect(compiler.prepare(garbage, 'bad')).rejects.toThrow('Invalid WASM module: not a WebAssembly binary (bad magic number)');
    await expect(compiler.prepare(await buildCargo('echo'), 'bad')).resolves.toMatchObject({ maxPages: 4096 });
  });

  it('names what V8 rejects, and what a WASI command lacks', async () => {
    const compiler = new ModuleCompiler(4096);
    const badBody = Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x0a, 0x01, 0x05]);
    await expect(compiler.prepare(badBody, 'v8')).rejects.toThrow(/^Invalid WASM module: WebAssembly\.compile\(\)/);
    const hidden = await compileWat('m', '(module (memory 1) (func (export "_start")))');
    await expect(compiler.prepare(hidden, 'mem')).rejects.toThrow('WASM module does not export its memory as "memory", which WASI needs');
    const table = await compileWat('m', '(module (import "env" "t" (table 1 funcref)) (func (export "_start")))');
    await expect(compiler.prepare(table, 'table')).rejects.toThrow(
      'WASM module imports table "env"."t", which this Island does not provide (only WASI preview1)',
    );
  });

  it('takes every WASI preview1 name, and refuses a name preview1 does not define before any worker starts', async () => {
    const compiler = new ModuleCompiler(4096);
    const all = [...WASI_PREVIEW1_FUNCTIONS].map((n) => `(import "${WASI_MODULE}" "${n}" (func))`).join(' ');
    const everything = await compileWat('m', `(module ${all} (memory (export "memory") 1) (func (export "_start")))`);
    const imported = wasmApi.Module.imports((await compiler.prepare(everything, 'all')).module).map((i) => i.name);
    expect(new Set(imported)).toEqual(WASI_PREVIEW1_FUNCTIONS);
    expect(imported).toHaveLength(46);
    const draft = await compileWat('m', `(module (import "${WASI_MODULE}" "sock_open" (func)) (memory (export "memory") 1) (func (export "_start")))`);
    await expect(compiler.prepare(draft, 'draft')).rejects.toThrow('WASM module imports function "wasi_snapshot_preview1"."sock_open", which is not a WASI preview1 function');
  });

  it('caps tables before compiling: a module starting over the budget is refused', async () => {
    const compiler = new ModuleCompiler(4096);
    const big = await compileWat('m', `(module (table ${MAX_TABLE_ELEMENTS + 1} funcref) (memory (export "memory") 1) (func (export "_start")))`);
    await expect(compiler.prepare(big, 'big')).rejects.toThrow(`WASM module's tables start with ${MAX_TABLE_ELEMENTS + 1} entries, over this Island's limit of ${MAX_TABLE_ELEMENTS}`);
  });
});
