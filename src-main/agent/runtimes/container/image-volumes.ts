// An image's VOLUME paths. Docker would give each an anonymous volume on disk: writable even with
// a read-only rootfs, unlimited in size, and left behind after the job. The runtime mounts a
// size-capped tmpfs there instead, so a VOLUME cannot get around the sandbox.
import type Docker from 'dockerode';

export class ImageVolumes {
  private readonly byImageId = new Map<string, string[]>();

  constructor(private readonly docker: Docker) {}

  async of(ref: string, imageId: string): Promise<string[]> {
    const known = this.byImageId.get(imageId);
    if (known) return known;
    const info = await this.docker.getImage(ref).inspect();
    const paths = Object.keys(info.Config?.Volumes ?? {}).filter((p) => p.startsWith('/') && p !== '/tmp');
    if (this.byImageId.size > 256) this.byImageId.clear();
    this.byImageId.set(imageId, paths);
    return paths;
  }
}
