/**
 * Ways to put the fake in front of the code under test (each hands every request to
 * `FakeTikTok.handle`, which routes it through the fake's one route table):
 * - `interceptWithNock`: TikTok's own hosts (open.tiktokapis.com, www.tiktok.com,
 *   business-api.tiktok.com) and the media host are answered by the fake at the socket level;
 *   nothing leaves the process and every other host is refused.
 * - `serveOnLoopback`: a real HTTP server on 127.0.0.1, playing the upload host (chunks stream).
 * Servers of their own (the e2e emulator, the bench: no nock there) use `fakeRequestOf` (tiktok.mts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import nock from 'nock';

import { BUSINESS_HOST } from './business.mts';
import type { FakeRequest, FakeResponse, FakeTikTok } from './tiktok.mts';
import { API_HOST, AUTH_HOST, fakeRequestOf, MEDIA_HOST } from './tiktok.mts';

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] as const;

/**
 * nock answers whole bodies at once, which also suits the media host: passthrough responses from
 * real loopback servers are aborted by nock's interceptor when a reader pauses mid-stream.
 */
export function interceptWithNock(
	fake: FakeTikTok,
	hosts: string[] = [API_HOST, AUTH_HOST, MEDIA_HOST, BUSINESS_HOST],
): () => void {
	nock.disableNetConnect();
	nock.enableNetConnect('127.0.0.1');
	for (const host of hosts) {
		for (const method of METHODS) {
			nock(`https://${host}`)
				.persist()
				.intercept(() => true, method)
				.reply(async function (uri, requestBody) {
					const headers: Record<string, string> = {};
					for (const [k, v] of Object.entries(this.req.headers))
						headers[k] = Array.isArray(v) ? v.join(', ') : String(v);
					const body =
						typeof requestBody === 'string'
							? Buffer.from(requestBody, 'utf8')
							: requestBody === undefined || requestBody === null
								? Buffer.alloc(0)
								: Buffer.from(JSON.stringify(requestBody), 'utf8');
					const response = await fake.handle({
						method,
						url: `https://${host}${uri}`,
						headers,
						body,
					});
					if (response.refuse)
						throw Object.assign(new Error(`connect ECONNREFUSED ${host}:443`), {
							code: 'ECONNREFUSED',
						});
					if (response.drop)
						throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
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

/**
 * Serves `handler` on 127.0.0.1, as the host at the returned URL (for the fake, whose upload_url
 * points there: `new FakeTikTok({ uploadBaseUrl })`). `onBodyBytes` sees a body while it arrives,
 * before the request is complete (a chunk mid-flight).
 */
export async function serveOnLoopback(
	handler: (request: FakeRequest) => FakeResponse | Promise<FakeResponse>,
	onBodyBytes?: (request: IncomingMessage, bytesSoFar: number) => void,
): Promise<LoopbackServer> {
	let url = '';
	const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
		const chunks: Buffer[] = [];
		let bytesSoFar = 0;
		req.on('data', (c: Buffer) => {
			chunks.push(c);
			bytesSoFar += c.length;
			onBodyBytes?.(req, bytesSoFar);
		});
		req.on('end', async () => {
			try {
				const response = await handler(fakeRequestOf(req, Buffer.concat(chunks), url));
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
	url = `http://127.0.0.1:${port}`;
	return {
		url,
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
