// Looking images up in the local Docker Engine, and Docker's error texts made readable for the
// coordinator ("(HTTP code 500) server error - " says nothing a job's owner can act on).
import { errorMessage } from '../../../../src-shared/errors';
import type Dockerode from 'dockerode';

export type LocalImage = Pick<Dockerode.ImageInspectInfo, 'Id' | 'RepoTags' | 'RepoDigests' | 'Size'>;

/** The image `ref` names locally (`repo:tag` or `repo@sha256:…`), or null if Docker has none. */
export async function inspectLocal(docker: Dockerode, ref: string): Promise<LocalImage | null> {
  try {
    const info = await docker.getImage(ref).inspect();
    return { Id: info.Id, RepoTags: info.RepoTags ?? [], RepoDigests: info.RepoDigests ?? [], Size: info.Size };
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return null;
    throw err;
  }
}

export function dockerErrorText(err: unknown): string {
  const message = errorMessage(err);
  return message.replace(/^\(HTTP code \d+\)\s*[a-z ]*-\s*/i, '').trim() || message;
}
