// The demo's sample Cargos: a WASM greeting that streams word by word, and (when Docker is there)
// a busybox container that shouts the prompt back one word at a time.
import type Docker from 'dockerode';
import { compileWat, wasiCommand } from '../../fixtures/wasm/wat';
import { buildTestImage } from '../docker';

const GREETING_WORDS = ['Hello', ' from', ' your', ' Island', '!'];

export async function buildGreetingWasm(): Promise<Uint8Array> {
  const data = GREETING_WORDS.map((w, i) => `  (data (i32.const ${1024 + i * 64}) "{\\"type\\":\\"token\\",\\"content\\":\\"${w}\\"}\\n\\00")`).join('\n');
  const calls = GREETING_WORDS.map((_, i) => `    (call $puts (i32.const ${1024 + i * 64}))\n    (call $sleep_ms (i32.const 120))`).join('\n');
  return compileWat(
    'greeting',
    wasiCommand({
      body: `
  (data (i32.const 900) "{\\"type\\":\\"status\\",\\"message\\":\\"ready\\"}\\n\\00")
  (data (i32.const 960) "{\\"type\\":\\"done\\"}\\n\\00")
${data}
  (func (export "_start")
    (call $puts (i32.const 900))
${calls}
    (call $puts (i32.const 960)))`,
    }),
  );
}

/** Reads {"prompt": "..."} from stdin and streams it back in capitals, a word at a time. */
const SHOUT_SCRIPT = `
input=$(cat)
prompt=$(printf '%s' "$input" | sed -n 's/.*"prompt":"\\([^"]*\\)".*/\\1/p')
echo '{"type":"status","message":"ready"}'
for word in $prompt; do
  upper=$(printf '%s' "$word" | tr 'a-z' 'A-Z')
  printf '{"type":"token","content":"%s "}\\n' "$upper"
  sleep 0.1
done
echo '{"type":"done"}'
`;

export const SHOUT_IMAGE = 'island-demo/shout:1';

export async function buildShoutImage(docker: Docker): Promise<string> {
  return buildTestImage(docker, SHOUT_IMAGE, SHOUT_SCRIPT);
}
