/**
 * Ways to put the fake in front of the code under test:
 * - `interceptWithNock`: TikTok's own hosts (open.tiktokapis.com, www.tiktok.com,
 *   business-api.tiktok.com) are answered
 *   by the fake at the socket level; nothing leaves the process and every other host is refused.
 * - `serveOnLoopback`: a real HTTP server on 127.0.0.1 (uploads, end-to-end runs, the demo).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import nock from 'nock';

import { BUSINESS_HOST } from './business.mts';
import type { FakeResponse, FakeTikTok } from './tiktok.mts';
import { API_HOST, AUTH_HOST, MEDIA_HOST } from './tiktok.mts';

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] as const;

/**
 * nock answers whole bodies at once, which also suits the media host: passthrough responses from
 * real loopback servers are aborted by nock's interceptor when a reader pauses mid-stream.
 */
export function interceptWithNock(fake: FakeTikTok, hosts: string[] = [API_HOST, AUTH_HOST, MEDIA_HOST, BUSINESS_HOST]): () => void {
	nock.disableNetConnect();
	nock.enableNetConnect('127.0.0.1');
	for (const host of hosts) {
		for (const method of METHODS) {
			nock(`https://${host}`)
				.persist()
				.intercept(() => true, method)
				.reply(async function (uri, requestBody) {
					const headers: Record<string, string> = {};
					for (const [k, v] of Object.entries(this.req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : String(v);
					const body =
						typeof requestBody === 'string'
							? Buffer.from(requestBody, 'utf8')
							: requestBody === undefined || requestBody === null
								? Buffer.alloc(0)
								: Buffer.from(JSON.stringify(requestBody), 'utf8');
					const response = await fake.handle({ method, url: `https://${host}${uri}`, headers, body });
					if (response.refuse) throw Object.assign(new Error(`connect ECONNREFUSED ${host}:443`), { code: 'ECONNREFUSED' });
					if (response.drop) throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
					return [response.status, response.body ?? '', response.headers ?? {}];
				});
		}
	}
	return () => {
		nock.cleanAll();
		nock.enableNetConnect();
	};
}

export interface LoopbackServer {
	url: string;
	close: () => Promise<void>;
}

/** Serves the fake on 127.0.0.1; the Host header chooses which TikTok host a request is for. */
export async function serveOnLoopback(
	handler: (req: IncomingMessage, body: Buffer) => FakeResponse | Promise<FakeResponse>,
): Promise<LoopbackServer> {
	const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', async () => {
			try {
				const response = await handler(req, Buffer.concat(chunks));
				if (response.drop || response.refuse) {
					req.socket.destroy();
					return;
				}
				res.writeHead(response.status, response.headers ?? {});
				res.end(response.body ?? '');
			} catch (error) {
				res.writeHead(500, { 'content-type': 'text/plain' });
				res.end(String(error));
			}
		});
	});
	server.keepAliveTimeout = 1000;
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
