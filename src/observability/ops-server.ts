import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { z } from 'zod';
import { ConfigError } from '../core/errors.js';
import type { Logger } from './logger.js';
import type { Readiness } from './readiness.js';

/** The ops HTTP endpoints (`/healthz`, `/readyz`, `/metrics`); off unless enabled. */
export const opsOptionsSchema = z.strictObject({
  enabled: z.boolean().default(false),
  /** 127.0.0.1 keeps it on the machine; 0.0.0.0 in a container, for Prometheus and probes. */
  host: z.string().min(1).default('127.0.0.1'),
  /** 0 lets the system pick a free port (tests); the address is logged. */
  port: z.int().min(0).max(65_535).default(9464),
});

export type OpsOptions = z.output<typeof opsOptionsSchema>;

export interface OpsEndpoints {
  readonly registry: Registry;
  readiness(): Readiness;
}

export interface OpsServer {
  /** e.g. `http://127.0.0.1:9464`, with the port actually bound. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves liveness (`/healthz`: 200 while the process runs), readiness (`/readyz`: 200, or 503 with
 * the reasons as JSON) and Prometheus metrics (`/metrics`). Fails at start, not later, when the
 * address cannot be bound.
 */
export async function startOpsServer(options: Pick<OpsOptions, 'host' | 'port'>, endpoints: OpsEndpoints, logger: Logger): Promise<OpsServer> {
  const server = createServer((request, response) => {
    handle(request, response, endpoints).catch((error: unknown) => {
      logger.error({ err: error, path: request.url }, 'ops endpoint failed');
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end('internal error\n');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) =>
      reject(new ConfigError(`ops server cannot listen on ${options.host}:${options.port}: ${error.message}; choose another ops.port or set ops.enabled: false`, { cause: error })),
    );
    server.listen(options.port, options.host, resolve);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  logger.info({ url }, 'ops server listening (/healthz, /readyz, /metrics)');
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Scrapers keep connections alive; they must not hold up shutdown.
        server.closeAllConnections();
      }),
  };
}

async function handle(request: IncomingMessage, response: ServerResponse, endpoints: OpsEndpoints): Promise<void> {
  const path = (request.url ?? '/').split('?', 1)[0];
  if (path !== '/healthz' && path !== '/readyz' && path !== '/metrics') return send(response, 404, 'text/plain', 'not found\n');
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('allow', 'GET, HEAD');
    return send(response, 405, 'text/plain', 'method not allowed\n');
  }
  switch (path) {
    case '/healthz':
      return send(response, 200, 'text/plain', 'ok\n');
    case '/readyz': {
      const readiness = endpoints.readiness();
      return send(response, readiness.ready ? 200 : 503, 'application/json', `${JSON.stringify(readiness)}\n`);
    }
    case '/metrics':
      return send(response, 200, endpoints.registry.contentType, await endpoints.registry.metrics());
  }
}

function send(response: ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  response.end(body);
}
