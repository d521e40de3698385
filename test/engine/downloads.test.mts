/**
 * "Video URL" downloads through the real engine, against media servers on 127.0.0.1 that
 * misbehave: silent after a while, streaming forever, sending more than they declared. The idle
 * timeout and the deadline are the package's own (DOWNLOAD_LIMITS): n8n's timers run on a fake
 * clock that the tests move forward, nothing in the package is changed for the test.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

import { Container } from '@n8n/di';
import { BinaryDataService } from 'n8n-core';
import type { IBinaryData } from 'n8n-workflow';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { syntheticMp4 } from '../harness/binary.mts';
import type { RunResult } from '../harness/engine.mts';
import {
	createTikTokTestEnv,
	storeConnectedOAuth2,
	type TikTokTestEnv,
} from '../harness/tiktok-env.mts';
import { msUntil, realDelay } from '../harness/waits.mts';

// Real timers, taken before any test fakes them: the media servers and the tests' own waits run
// in real time while n8n's clock is moved.
const realSetInterval = globalThis.setInterval;
const realClearInterval = globalThis.clearInterval;

interface MediaServer {
	url: string;
	seen: { requests: number; sent: number; closedEarly: boolean; acceptEncoding?: string };
	close: () => Promise<void>;
}

/** A media server on 127.0.0.1; `send` writes the body (and may never end it). */
async function mediaServer(
	send: (res: ServerResponse, seen: MediaServer['seen']) => void,
): Promise<MediaServer> {
	const seen: MediaServer['seen'] = { requests: 0, sent: 0, closedEarly: false };
	const server: Server = createServer((req, res) => {
		seen.requests++;
		seen.acceptEncoding = req.headers['accept-encoding'];
		res.on('close', () => {
			if (!res.writableFinished) seen.closedEarly = true;
		});
		send(res, seen);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/campaign/clip.mp4`,
		seen,
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

const handoff = (videoUrl: string) => ({
	resource: 'post',
	operation: 'createHandoffPack',
	source: 'url',
	videoUrl,
	caption: 'From a URL',
});

describe('#9.14 "Video URL" downloads are bounded', () => {
	let env: TikTokTestEnv;
	let media: MediaServer | undefined;
	let stored: IBinaryData[];
	const store = BinaryDataService.prototype.store;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
		stored = [];
		BinaryDataService.prototype.store = async function (
			this: BinaryDataService,
			...args: Parameters<typeof store>
		) {
			const binary = await store.apply(this, args);
			stored.push(binary);
			return binary;
		};
	});
	afterEach(async () => {
		vi.useRealTimers();
		BinaryDataService.prototype.store = store;
		await media?.close();
		media = undefined;
		await env.stop();
	});

	/** Moves n8n's clock on while `run` goes: in steps, with real time between them for bytes to flow. */
	async function runWhileClockMoves(
		run: Promise<RunResult>,
		stepMs: number,
		maxSteps: number,
	): Promise<RunResult> {
		let settled = false;
		void run.finally(() => (settled = true));
		for (let step = 0; step < maxSteps && !settled; step++) {
			await realDelay(25);
			await vi.advanceTimersByTimeAsync(stepMs);
		}
		return await run;
	}

	it('#9.14 a server that goes silent mid-download (no Content-Length) is dropped after 60 s with a clear error, nothing stored', async () => {
		vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
		media = await mediaServer((res, seen) => {
			res.writeHead(200, { 'content-type': 'video/mp4' });
			res.write(syntheticMp4(1_000_000));
			seen.sent = 1_000_000;
			// ...and nothing more, the connection left open.
		});
		const run = env.n8n.run({ parameters: handoff(media.url) });
		let settledAt = 0;
		void run.finally(() => (settledAt = Date.now()));
		while (media.seen.sent === 0) await realDelay(5);
		// The clock moves a second at a time until n8n gives up. When n8n read the megabyte is not
		// observable here, so the bound is from when the server sent it: at least 60 s later.
		const sentAt = Date.now();
		for (let step = 0; step < 300 && !settledAt; step++) {
			await realDelay(10);
			await vi.advanceTimersByTimeAsync(1_000);
		}
		const result = await run;
		expect(settledAt - sentAt).toBeGreaterThanOrEqual(60_000);
		// ...and not much later (a second's steps, plus however late n8n read the data on a slow machine).
		expect(settledAt - sentAt).toBeLessThan(70_000);

		expect(result.items).toEqual([]);
		expect(result.error?.message).toBe('The server of "Video URL" sent nothing for 60 s');
		expect(result.error?.description).toBe(
			'1,000,000 bytes had arrived; the download was stopped. Check the server, or download the file with an HTTP Request node and use Source "Binary File".',
		);
		const { seen } = media;
		expect(await msUntil(() => seen.closedEarly)).toBeLessThan(1_000);
		expect(media.seen).toEqual({
			requests: 1,
			sent: 1_000_000,
			closedEarly: true,
			acceptEncoding: 'identity',
		});
		expect(stored).toEqual([]);
	}, 15_000);

	it('#9.14 a server that streams forever (no Content-Length) is dropped after 60 minutes, even though it never goes silent', async () => {
		vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
		const piece = syntheticMp4(16 * 1024);
		media = await mediaServer((res, seen) => {
			res.writeHead(200, { 'content-type': 'video/mp4' });
			const timer = realSetInterval(() => {
				if (res.destroyed) return realClearInterval(timer);
				res.write(piece);
				seen.sent += piece.length;
			}, 5);
		});
		// 30 s steps: never silent for 60 s, but the clock passes the hour after 120 of them.
		const result = await runWhileClockMoves(
			env.n8n.run({ parameters: handoff(media.url) }),
			30_000,
			200,
		);

		expect(result.items).toEqual([]);
		expect(result.error?.message).toBe('Downloading "Video URL" took longer than 60 minutes');
		expect(result.error?.description).toMatch(
			/^[\d,]+ bytes had arrived; the download was stopped\. Use a faster server or a smaller file\.$/,
		);
		const { seen } = media;
		expect(await msUntil(() => seen.closedEarly)).toBeLessThan(1_000);
		expect(media.seen.requests).toBe(1);
		expect(media.seen.closedEarly).toBe(true);
		expect(stored).toEqual([]);
	}, 20_000);

	it('#9.14 a server that sends more than its Content-Length (here: a compressed response) is stopped at the declared length', async () => {
		const video = syntheticMp4(3_000_000);
		const compressed = gzipSync(video);
		media = await mediaServer((res, seen) => {
			res.writeHead(200, {
				'content-type': 'video/mp4',
				'content-encoding': 'gzip',
				'content-length': String(compressed.length),
			});
			res.end(compressed);
			seen.sent = compressed.length;
		});
		const result = await env.n8n.run({ parameters: handoff(media.url) });

		expect(result.items).toEqual([]);
		expect(result.error?.message).toBe(
			`The server of "Video URL" sent more than the ${compressed.length.toLocaleString('en-US')} bytes it declared (Content-Length)`,
		);
		expect(result.error?.description).toBe(
			'The download was stopped. A server that compresses the response (Content-Encoding) declares the compressed size: serve the video uncompressed.',
		);
		expect(stored).toEqual([]);
		// It asked for the bytes as stored: only a server that compresses anyway gets here.
		expect(media.seen.acceptEncoding).toBe('identity');
	});

	it('#9.14 (guard) a download waiting while TikTok takes minutes to answer a chunk is not idle: the upload finishes', async () => {
		vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
		const credentials = await storeConnectedOAuth2(env, ['user.info.basic', 'video.upload']);
		const video = syntheticMp4(70_000_000);
		// Served by nock, whole: a loopback server's response is cut by nock's passthrough when
		// its reader pauses, and pausing is the point here.
		env.fake.mediaFiles.set('/campaign/long.mp4', { body: video, contentType: 'video/mp4' });
		let answerFirstChunk!: () => void;
		const firstChunkHeld = new Promise<void>((resolve) => {
			env.fake.posts.holdUpload = async (chunkIndex) => {
				if (chunkIndex !== 0) return;
				resolve();
				await new Promise<void>((release) => (answerFirstChunk = release));
			};
		});
		const run = env.n8n.run({
			parameters: {
				resource: 'post',
				operation: 'createVideo',
				source: 'url',
				videoUrl: 'https://media.example.test/campaign/long.mp4',
				mode: 'draft',
				options: { downloadAndUpload: true },
			},
			credentials,
		});
		await firstChunkHeld;
		// TikTok sits on the first chunk for 3 minutes; the download, not being read, waits too.
		await vi.advanceTimersByTimeAsync(180_000);
		answerFirstChunk();
		const result = await run;

		expect(result.error).toBeUndefined();
		expect(env.fake.requests.filter((r) => r.method === 'PUT').map((r) => r.status)).toEqual([
			206, 201,
		]);
		expect(env.fake.requestsTo('/campaign/long.mp4')).toHaveLength(1);
		expect(env.fake.posts.publishes.get(String(result.items[0].json.publish_id))?.complete).toBe(
			true,
		);
	}, 20_000);
});

describe('#9.15 Create Handoff Pack from a URL', () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(async () => await env.stop());

	it('#9.15 names the files safely and records the URL without its password or signed query', async () => {
		const video = syntheticMp4(200_000);
		// Backslashes, CR, LF and NUL in the name; a password and an S3-style signature in the URL.
		const path = '/campaign/clip%5C..%5Cevil%0D%0Aname%00.mp4';
		env.fake.mediaFiles.set(path, { body: video, contentType: 'video/mp4' });
		const url = `https://alice:s3cret-pass@media.example.test${path}?X-Amz-Credential=AKIAEXAMPLE&X-Amz-Signature=deadbeefsignature#t=5`;

		const result = await env.n8n.run({
			parameters: {
				resource: 'post',
				operation: 'createHandoffPack',
				source: 'url',
				videoUrl: url,
				caption: 'Safe names',
			},
		});

		expect(result.error).toBeUndefined();
		const [item] = result.items;
		expect(item.binary!.video.fileName).toBe('clip-..-evil-name-.mp4');
		expect(item.binary!.caption.fileName).toBe('clip-..-evil-name-.caption.txt');
		expect(item.binary!.metadata.fileName).toBe('clip-..-evil-name-.metadata.json');
		expect(item.json.video).toMatchObject({
			file_name: 'clip-..-evil-name-.mp4',
			source: 'url',
			url: `https://media.example.test${path}`,
		});
		expect(item.json.files).toEqual({
			video: 'clip-..-evil-name-.mp4',
			caption: 'clip-..-evil-name-.caption.txt',
			metadata: 'clip-..-evil-name-.metadata.json',
		});
		const metadataFile = (
			await Container.get(BinaryDataService).getAsBuffer(item.binary!.metadata)
		).toString('utf8');
		// Nothing secret anywhere, and no raw CR, LF or NUL (the recorded URL keeps its path percent-encoded).
		for (const everything of [
			JSON.stringify(result.items),
			metadataFile,
			JSON.stringify(result.run.data.resultData),
		]) {
			expect(everything).not.toMatch(
				/s3cret-pass|alice|AKIAEXAMPLE|deadbeefsignature|X-Amz|\\r|\\n|\\u0000/,
			);
		}
		// The download itself used the URL as given.
		expect(
			env.fake.requests.map((r) => `${r.method} ${r.host}${r.path} ${JSON.stringify(r.query)}`),
		).toEqual([
			`GET media.example.test${path} {"X-Amz-Credential":"AKIAEXAMPLE","X-Amz-Signature":"deadbeefsignature"}`,
		]);
	});

	it('#9.15 names neither the password nor the signature when it refuses what the URL holds', async () => {
		env.fake.mediaFiles.set('/campaign/poster.png', {
			body: Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(64)]),
			contentType: 'image/png',
		});
		const url = 'https://alice:s3cret-pass@media.example.test/campaign/poster.png?token=t0ps3cret';
		const result = await env.n8n.run({
			parameters: {
				resource: 'post',
				operation: 'createHandoffPack',
				source: 'url',
				videoUrl: url,
				caption: 'x',
			},
		});

		expect(result.error?.message).toBe(
			'The video at "Video URL" is a PNG image, not a video TikTok accepts',
		);
		expect(result.error?.description).toBe(
			'TikTok accepts MP4 (H.264 recommended), MOV and WebM videos. Received https://media.example.test/campaign/poster.png. Convert it to MP4 first.',
		);
	});
});
