// electron-updater's HTTP over node:http/https instead of Electron's `net`, so the whole update
// flow runs in plain Node (the integration tests against a local feed). The download mirrors
// ElectronHttpExecutor.download: redirects are followed by builder-util-runtime's doDownload, which
// also checks the sha512 while streaming.
import http, { type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import https from 'node:https';
import { configureRequestOptions, configureRequestUrl, HttpExecutor, type DownloadOptions } from 'builder-util-runtime';

export class NodeHttpExecutor extends HttpExecutor<ClientRequest> {
  createRequest(options: RequestOptions & { protocol?: string | null }, callback: (response: IncomingMessage) => void): ClientRequest {
    const transport = options.protocol === 'https:' ? https : http;
    // A fresh connection per request: HttpExecutor adds a 'timeout' listener to the socket of each
    // request, which piles up on a reused keep-alive socket. Update traffic is a request every 30 min.
    const request = transport.request({ ...options, agent: false });
    request.on('response', callback);
    return request;
  }

  async download(url: URL, destination: string, options: DownloadOptions): Promise<string> {
    return options.cancellationToken.createPromise<string>((resolve, reject, onCancel) => {
      const requestOptions: RequestOptions & { redirect?: string } = { headers: options.headers ?? undefined, redirect: 'manual' };
      configureRequestUrl(url, requestOptions);
      configureRequestOptions(requestOptions);
      this.doDownload(
        requestOptions,
        {
          destination,
          options,
          onCancel,
          callback: (error) => (error == null ? resolve(destination) : reject(error)),
          responseHandler: null,
        },
        0,
      );
    });
  }
}
