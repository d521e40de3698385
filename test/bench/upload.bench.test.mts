/**
 * `npm run bench`: a generated 1 GiB video in n8n's filesystem binary storage, posted through
 * the real engine by Post > Create Video Post, against a raw streaming PUT of the same bytes
 * over loopback (the physical limit of this machine). Prints wall time, MB/s and peak RSS
 * increase for both, and fails if the node's memory exceeds one chunk + 64 MB or its throughput
 * falls under 70% of the raw PUT.
 *
 * Wiring: no nock here (its interceptor would sit in the upload path). TikTok's API host is the
 * strict fake served over https in this process and reached through a CONNECT proxy
 * (HTTPS_PROXY; n8n honours it); the upload URL points at a sink in a child process
 * (NO_PROXY=127.0.0.1), so the sink's buffers do not count against the measured process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
	createServer as createHttpServer,
	request,
	type IncomingMessage,
	type Server,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import { Readable } from 'node:stream';

import { Container } from '@n8n/di';
import { BinaryDataService } from 'n8n-core';
import type { IBinaryData } from 'n8n-workflow';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { chunks, planChunks } from '../../nodes/TikTok/helpers/chunkPlan.ts';
import { fakeRequestOf, FakeTikTok } from '../fake/tiktok.mts';
import { storeBinary } from '../harness/binary.mts';
import { CredentialStore } from '../harness/credentials.mts';
import { startN8n } from '../harness/engine.mts';
import { storeConnectedOAuth2 } from '../harness/stored-credentials.mts';

const VIDEO_BYTES = Number(process.env.TIKTOK_BENCH_BYTES ?? 1024 ** 3);
const MB = 1_000_000;

interface Measurement {
	label: string;
	ms: number;
	mbPerSecond: number;
	peakRssIncrease: number;
}

let fake: FakeTikTok;
let apiServer: Server;
let proxy: Server;
let sink: ChildProcess;
let sinkUrl: string;
/** Tunnelled sockets leave the proxy server's bookkeeping after CONNECT: closed by hand. */
const tunnels = new Set<Socket>();

beforeAll(async () => {
	const tls = process.env.TIKTOK_BENCH_TLS_DIR!;
	apiServer = createHttpsServer(
		{ key: readFileSync(join(tls, 'leaf.key')), cert: readFileSync(join(tls, 'leaf.pem')) },
		(req, res) => {
			const parts: Buffer[] = [];
			req.on('data', (p: Buffer) => parts.push(p));
			req.on('end', async () => {
				const answer = await fake.handle(
					fakeRequestOf(req, Buffer.concat(parts), `https://${req.headers.host}`),
				);
				res.writeHead(answer.status, answer.headers ?? {}).end(answer.body ?? '');
			});
		},
	);
	await listen(apiServer);
	proxy = createHttpServer();
	// Only TikTok's API host is tunnelled (to the fake); everything else is refused.
	proxy.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
		if (req.url !== 'open.tiktokapis.com:443') {
			client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
			return;
		}
		tunnels.add(client);
		client.on('close', () => tunnels.delete(client));
		const upstream = connect((apiServer.address() as AddressInfo).port, '127.0.0.1', () => {
			client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
			upstream.write(head);
			upstream.pipe(client);
			client.pipe(upstream);
		});
		upstream.on('error', () => client.destroy());
		client.on('error', () => upstream.destroy());
	});
	await listen(proxy);
	process.env.HTTPS_PROXY = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
	process.env.NO_PROXY = '127.0.0.1,localhost';

	sink = spawn(process.execPath, [new URL('./upload-sink.mjs', import.meta.url).pathname], {
		stdio: ['pipe', 'pipe', 'inherit'],
	});
	const port = await new Promise<number>((resolve, reject) => {
		sink.stdout!.once('data', (line: Buffer) =>
			resolve((JSON.parse(line.toString()) as { port: number }).port),
		);
		sink.once('exit', () => reject(new Error('upload sink exited')));
	});
	sinkUrl = `http://127.0.0.1:${port}/`;
	// Upload URLs point at the sink; the API server above hands requests to this fake.
	fake = new FakeTikTok({ uploadBaseUrl: sinkUrl });
});

afterAll(async () => {
	sink?.stdin?.end();
	sink?.kill();
	for (const socket of tunnels) socket.destroy();
	proxy?.closeAllConnections();
	apiServer?.closeAllConnections();
	await Promise.all([proxy, apiServer].map((s) => new Promise((r) => s?.close(r))));
	delete process.env.HTTPS_PROXY;
	delete process.env.NO_PROXY;
});

it(`uploads a ${(VIDEO_BYTES / 1024 ** 3).toFixed(2)} GiB video with one chunk of memory at near raw-PUT speed`, async () => {
	const { binary, sha256 } = await generateVideo(VIDEO_BYTES);
	const plan = planChunks(VIDEO_BYTES);
	const store = new CredentialStore();
	const n8n = await startN8n(store);
	const credentials = await storeConnectedOAuth2({ fake, store }, [
		'user.info.basic',
		'video.upload',
	]);

	// Warm-up: the first execution loads and compiles n8n's engine code paths (and opens the TLS
	// session to the API); that one-time cost is not the upload's memory.
	const warmUp = await generateVideo(70_000_000);
	const warmUpRun = await n8n.run({
		parameters: { resource: 'post', operation: 'createVideo', source: 'binary', mode: 'draft' },
		credentials,
		items: [{ json: {}, binary: { data: warmUp.binary } }],
	});
	if (warmUpRun.error) throw warmUpRun.error;
	await rawPut(warmUp.binary, planChunks(70_000_000), 'raw-warm-up');
	let publishId = '';
	const node = await measure('n8n TikTok node (engine, filesystem binary)', async () => {
		const result = await n8n.run({
			parameters: { resource: 'post', operation: 'createVideo', source: 'binary', mode: 'draft' },
			credentials,
			items: [{ json: {}, binary: { data: binary } }],
		});
		if (result.error) throw result.error;
		publishId = String(result.items[0].json.publish_id);
	});
	const nodeStats = await sinkStats(publishId);
	expect(nodeStats).toEqual({ bytes: VIDEO_BYTES, chunks: plan.totalChunkCount, sha256 });

	const raw = await measure('raw streaming PUT (same bytes, same chunks)', async () => {
		await rawPut(binary, plan, 'raw-baseline');
	});
	expect(await sinkStats('raw-baseline')).toEqual({
		bytes: VIDEO_BYTES,
		chunks: plan.totalChunkCount,
		sha256,
	});

	const ratio = node.mbPerSecond / raw.mbPerSecond;
	const memoryLimit = plan.chunkSize + 64 * MB;
	printTable([node, raw], plan, ratio, memoryLimit);
	expect(node.peakRssIncrease).toBeLessThanOrEqual(memoryLimit);
	expect(ratio).toBeGreaterThanOrEqual(0.7);
});

async function listen(server: Server) {
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
}

/** A video-shaped file (ftyp, moov with a 60 s mvhd, then mdat) written straight into n8n's storage. */
async function generateVideo(size: number): Promise<{ binary: IBinaryData; sha256: string }> {
	// Sizes here are bytes; the mdat box runs to the end of the file.
	const header = Buffer.alloc(24 + 108 + 8);
	header.writeUInt32BE(24, 0);
	header.write('ftypisom', 4, 'latin1');
	header.writeUInt32BE(108, 24);
	header.write('moov', 28, 'latin1');
	header.writeUInt32BE(100, 32);
	header.write('mvhd', 36, 'latin1');
	header.writeUInt32BE(1000, 32 + 20); // timescale
	header.writeUInt32BE(60_000, 32 + 24); // duration: 60 s
	header.writeUInt32BE(size - 132, 132);
	header.write('mdat', 136, 'latin1');
	const hash = createHash('sha256');
	async function* bytes(): AsyncIterable<Buffer> {
		hash.update(header);
		yield header;
		const block = Buffer.alloc(4 * 1024 * 1024);
		for (let i = 0; i < block.length; i += 4) block.writeUInt32LE((i * 2654435761) >>> 0, i);
		let left = size - header.length;
		let counter = 0;
		while (left > 0) {
			const piece = Buffer.from(block.subarray(0, Math.min(block.length, left)));
			piece.writeUInt32LE(counter++, 0);
			hash.update(piece);
			left -= piece.length;
			yield piece;
		}
	}
	const binary = await storeBinary(Readable.from(bytes()), 'bench.mp4', 'video/mp4');
	return { binary, sha256: hash.digest('hex') };
}

async function measure(label: string, run: () => Promise<void>): Promise<Measurement> {
	(globalThis as { gc?: () => void }).gc?.();
	await new Promise((r) => setTimeout(r, 200));
	const base = process.memoryUsage().rss;
	const maxRssBefore = process.resourceUsage().maxRSS * 1024;
	let peak = base;
	const sampler = setInterval(() => {
		peak = Math.max(peak, process.memoryUsage().rss);
	}, 2);
	const started = performance.now();
	await run();
	const ms = performance.now() - started;
	clearInterval(sampler);
	const maxRssAfter = process.resourceUsage().maxRSS * 1024;
	// The kernel's high-water mark catches peaks between samples, when it rose during this run.
	if (maxRssAfter > maxRssBefore) peak = Math.max(peak, maxRssAfter);
	peak = Math.max(peak, process.memoryUsage().rss);
	return { label, ms, mbPerSecond: VIDEO_BYTES / MB / (ms / 1000), peakRssIncrease: peak - base };
}

/** The physical limit: each chunk streamed from storage straight into its PUT, nothing buffered. */
async function rawPut(binary: IBinaryData, plan: ReturnType<typeof planChunks>, uploadId: string) {
	const source = (await Container.get(BinaryDataService).getAsStream(binary.id!, 1024 * 1024))[
		Symbol.asyncIterator
	]();
	let carry: Buffer = Buffer.alloc(0);
	for (const chunk of chunks(plan)) {
		const req = request(`${sinkUrl}?upload_id=${uploadId}`, {
			method: 'PUT',
			headers: {
				'content-type': 'video/mp4',
				'content-length': chunk.size,
				'content-range': `bytes ${chunk.start}-${chunk.end}/${plan.videoSize}`,
			},
		});
		const answered = new Promise<number>((resolve, reject) => {
			req.on('response', (res) => {
				res.resume();
				resolve(res.statusCode ?? 0);
			});
			req.on('error', reject);
		});
		let left = chunk.size;
		while (left > 0) {
			if (!carry.length) {
				const next = await source.next();
				if (next.done) throw new Error('source ended early');
				carry = next.value as Buffer;
			}
			const piece = carry.subarray(0, left);
			carry = carry.subarray(piece.length);
			left -= piece.length;
			if (!req.write(piece)) await new Promise((r) => req.once('drain', r));
		}
		req.end();
		const status = await answered;
		if (status !== (chunk.index === plan.totalChunkCount - 1 ? 201 : 206))
			throw new Error(`raw PUT got ${status}`);
	}
}

async function sinkStats(uploadId: string): Promise<unknown> {
	const response = await fetch(`${sinkUrl}stats?upload_id=${encodeURIComponent(uploadId)}`);
	return await response.json();
}

function printTable(
	rows: Measurement[],
	plan: ReturnType<typeof planChunks>,
	ratio: number,
	memoryLimit: number,
) {
	const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
	const lines = [
		'',
		`Upload benchmark: ${VIDEO_BYTES.toLocaleString('en-US')} bytes, ${plan.totalChunkCount} chunks of ${plan.chunkSize.toLocaleString('en-US')} bytes`,
		'| run | wall time | throughput | peak RSS increase |',
		'|---|---|---|---|',
		...rows.map(
			(r) =>
				`| ${r.label} | ${(r.ms / 1000).toFixed(2)} s | ${r.mbPerSecond.toFixed(0)} MB/s | ${mib(r.peakRssIncrease)} |`,
		),
		'',
		`node / raw throughput: ${(ratio * 100).toFixed(0)}% (required: at least 70%)`,
		`node peak RSS increase: ${mib(rows[0].peakRssIncrease)} (limit: chunk size + 64 MB = ${mib(memoryLimit)})`,
		'',
	];
	process.stdout.write(`${lines.join('\n')}\n`);
}
