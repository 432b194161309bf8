// A ModelStore over files already on disk, for runtime tests that are not about downloading:
// `uri` maps to a local path. It counts acquisitions and live leases so tests can prove that a
// runtime releases every model it took.
import { statSync } from 'node:fs';
import { ModelFetchError, type ModelLease, type ModelRequest, type ModelStore } from '../../src-main/agent/models/model-store';

export class FileModelStore implements ModelStore {
  acquired = 0;
  live = 0;
  readonly requests: ModelRequest[] = [];

  constructor(private readonly files: Record<string, string>) {}

  set(uri: string, file: string): void {
    this.files[uri] = file;
  }

  async acquire(req: ModelRequest): Promise<ModelLease> {
    this.requests.push(req);
    if (req.signal?.aborted) throw new ModelFetchError('aborted', `download of ${req.uri} was cancelled`);
    const file = this.files[req.uri];
    if (!file) throw new ModelFetchError('not-found', `model ${req.uri} not found (404)`);
    this.acquired++;
    this.live++;
    let released = false;
    return {
      path: file,
      key: req.uri,
      sizeBytes: statSync(file).size,
      release: () => {
        if (released) return;
        released = true;
        this.live--;
      },
    };
  }
}
