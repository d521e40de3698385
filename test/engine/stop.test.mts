/**
 * Stopping an execution (n8n's Stop button, or its execution timeout: both cancel the
 * WorkflowExecute) while the node uploads or downloads. TikTok must receive no further chunk and
 * publish nothing, and the files and connections the node had open must be closed.
 */
import { readdirSync, readlinkSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { Container } from '@n8n/di';
import { BinaryDataService } from 'n8n-core';
import type { IBinaryData, INodeExecutionData } from 'n8n-workflow';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { storeBinary, syntheticMp4 } from '../harness/binary.mts';
import type { RunResult } from '../harness/engine.mts';
import {
	createTikTokTestEnv,
	storeConnectedOAuth2,
	type TikTokTestEnv,
} from '../harness/tiktok-env.mts';
import { msUntil } from '../harness/waits.mts';

const POSTING_SCOPES = ['user.info.basic', 'video.upload', 'video.publish'];
/** 16 MB in chunks of 5.3 MB: three chunks, the smallest multi-chunk upload TikTok takes. */
const VIDEO_BYTES = 16_000_000;
const CHUNK_MB = 5.3;
const CHUNK_BYTES = 5_333_333;
const delay = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

function deferred(): { promise: Promise<void>; resolve: () => void } {
	let resolve!: () => void;
	const promise = new Promise<void>((r) => (resolve = r));
	return { promise, resolve };
}

/** Files this process has open (from /proc), to prove a stream was closed, not just abandoned. */
function openFiles(): string[] {
	const files: string[] = [];
	for (const fd of readdirSync('/proc/self/fd')) {
		try {
			files.push(readlinkSync(`/proc/self/fd/${fd}`));
		} catch {
			// Closed while listing.
		}
	}
	return files;
}

/**
 * A media server that sends `video` with its Content-Length: the first `pauseAt` bytes at once,
 * then nothing until `resume` settles, then the rest. Records whether the client closed the
 * connection before the whole body was sent.
 */
async function pausingMediaServer(
	video: Buffer,
	pauseAt: number,
	resume: Promise<unknown>,
	withLength = true,
) {
	const seen = { requests: 0, closedEarly: false, sent: 0 };
	const server: Server = createServer((_req, res: ServerResponse) => {
		seen.requests++;
		res.writeHead(200, {
			'content-type': 'video/mp4',
			...(withLength ? { 'content-length': String(video.length) } : {}),
		});
		res.on('close', () => {
			if (!res.writableFinished) seen.closedEarly = true;
		});
		seen.sent = pauseAt;
		res.write(video.subarray(0, pauseAt));
		void resume.then(() => {
			if (res.destroyed) return;
			seen.sent = video.length;
			res.end(video.subarray(pauseAt));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/clip.mp4`,
		seen,
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

/**
 * When the paused server may send the rest: once the run has returned after Stop, and 300 ms after
 * Stop at the earliest. By then n8n must have closed the download.
 */
function resumeAfterStoppedRun(stop: Promise<void>): {
	resume: Promise<unknown>;
	runReturned: () => void;
} {
	const returned = deferred();
	return {
		resume: Promise.all([stop.then(async () => await delay(300)), returned.promise]),
		runReturned: returned.resolve,
	};
}

describe('#9.3 Stop', () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(async () => await env.stop());

	const directPost = (extra: Record<string, unknown> = {}) => ({
		resource: 'post',
		operation: 'createVideo',
		source: 'binary',
		mode: 'directPost',
		caption: 'Stopped half-way #n8n',
		privacyLevel: 'SELF_ONLY',
		options: { chunkSize: CHUNK_MB },
		...extra,
	});
	const puts = () =>
		env.fake.requests
			.filter((r) => r.method === 'PUT')
			.map((r) => `${r.headers['content-range']} ${r.status}`);
	/** What the node ended with: n8n records it once the node returns, after the cancel. */
	let lastRun: RunResult | undefined;
	const nodeError = () => {
		const run = lastRun!.run.data.resultData.runData.TikTok?.[0];
		expect(run?.data).toBeUndefined();
		return { message: run?.error?.message, description: run?.error?.description };
	};
	const onlyPublish = () => {
		const publishes = [...env.fake.posts.publishes.values()];
		expect(publishes).toHaveLength(1);
		return publishes[0];
	};

	it('#9.3 Stop during a chunk upload: TikTok receives no further chunk, nothing is published, the stored video is closed', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		const video = syntheticMp4(VIDEO_BYTES);
		const stored: IBinaryData = await storeBinary(video, 'clip.mp4', 'video/mp4');
		const videoPath = Container.get(BinaryDataService).getPath(stored.id!);
		const item: INodeExecutionData = { json: {}, binary: { data: stored } };

		const stop = deferred();
		let answered: Promise<unknown> = Promise.resolve();
		let requestsBeforeStop = -1;
		let videoOpenDuringUpload = false;
		env.fake.posts.holdUpload = async (chunkIndex) => {
			if (chunkIndex !== 1) return;
			// Chunk 2 of 3 is in flight: n8n has sent it and waits for TikTok's answer.
			videoOpenDuringUpload = openFiles().includes(videoPath);
			requestsBeforeStop = env.fake.requests.length;
			stop.resolve();
			answered = delay(300);
			await answered;
		};

		const result = (lastRun = await env.n8n.run({
			parameters: directPost(),
			credentials,
			items: [item],
			cancelWhen: stop.promise,
		}));
		await answered;
		// The held chunk is recorded once answered (into a connection n8n may have closed).
		while (env.fake.requests.length === requestsBeforeStop) await delay(5);

		expect(result.run.status).toBe('canceled');
		expect(videoOpenDuringUpload).toBe(true);
		// The chunk in flight arrived in full before the stop; the last one never did.
		expect(puts()).toEqual([
			`bytes 0-${CHUNK_BYTES - 1}/${VIDEO_BYTES} 206`,
			`bytes ${CHUNK_BYTES}-${2 * CHUNK_BYTES - 1}/${VIDEO_BYTES} 206`,
		]);
		expect(env.fake.requests.slice(requestsBeforeStop).map((r) => `${r.method} ${r.path}`)).toEqual(
			['PUT /upload/'],
		);
		const publish = onlyPublish();
		expect(publish).toMatchObject({ complete: false, chunksReceived: 2, totalChunkCount: 3 });
		expect(env.fake.requestsTo('/v2/post/publish/status/fetch/')).toEqual([]);
		// The node returned at once, and its read of the stored video is closed.
		expect(openFiles()).not.toContain(videoPath);
		expect(nodeError()).toEqual({
			message: `The execution was stopped during the upload to TikTok (publish ID ${publish.publishId})`,
			description:
				'Chunk 2 of 3 was being sent; TikTok never received the last chunk, so this post will not be published. Run again to post the video.',
		});
	});

	it('#9.3 Stop while "Download and Upload as File" streams the download into the last chunk: the download is closed, the chunk never completes, nothing is published', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		// Over 64 MB, so two chunks of 35 MB (the Chunk Size option is for binary files only).
		const size = 70_000_000;
		const half = 35_000_000;
		const video = syntheticMp4(size);
		const stop = deferred();
		const { resume, runReturned } = resumeAfterStoppedRun(stop.promise);
		// The first chunk and a little of the second, then the server pauses.
		const media = await pausingMediaServer(video, half + 600_000, resume);
		// Once n8n streams the second chunk from the paused download (its first bytes arrive): stop then.
		env.fake.posts.uploadBytesArriving = (headers, bytesSoFar) => {
			if (headers['content-range']?.startsWith(`bytes ${half}-`) && bytesSoFar > 0) stop.resolve();
		};
		try {
			const result = (lastRun = await env.n8n
				.run({
					parameters: directPost({
						source: 'url',
						videoUrl: media.url,
						options: { downloadAndUpload: true },
					}),
					credentials,
					cancelWhen: stop.promise,
				})
				.finally(runReturned));
			await resume;

			expect(result.run.status).toBe('canceled');
			expect(media.seen).toEqual({ requests: 1, closedEarly: true, sent: half + 600_000 });
			// The second PUT was cut off mid-body: TikTok never received a complete last chunk.
			expect(puts()).toEqual([`bytes 0-${half - 1}/${size} 206`]);
			const publish = onlyPublish();
			expect(publish).toMatchObject({ complete: false, chunksReceived: 1, totalChunkCount: 2 });
			expect(env.fake.requestsTo('/v2/post/publish/status/fetch/')).toEqual([]);
			expect(nodeError()).toEqual({
				message: `The execution was stopped during the upload to TikTok (publish ID ${publish.publishId})`,
				description:
					'The last chunk was cut off before all its bytes were sent, so this post will not be published. Run again to post the video.',
			});
		} finally {
			await media.close();
		}
	});

	it('#9.3 an upload that fails while its download waits on a stalled server closes the download at once', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		const size = 70_000_000;
		const half = 35_000_000;
		// The server sends the first chunk, then nothing, ever: n8n reading ahead waits on it.
		const media = await pausingMediaServer(syntheticMp4(size), half, new Promise(() => undefined));
		env.fake.posts.uploadFaults.push({
			status: 403,
			body: 'The upload URL has expired',
			onChunk: 0,
		});
		try {
			const started = Date.now();
			const result = await env.n8n.run({
				parameters: directPost({
					source: 'url',
					videoUrl: media.url,
					options: { downloadAndUpload: true },
				}),
				credentials,
			});
			expect(result.error?.message).toBe(
				`TikTok's upload URL expired while sending chunk 1 of 2 (bytes 0-${half - 1})`,
			);
			expect(Date.now() - started).toBeLessThan(10_000);
			// At once: the server saw the close within a second of the run's end (polled, not guessed).
			expect(await msUntil(() => media.seen.closedEarly)).toBeLessThan(1_000);
			expect(media.seen).toEqual({ requests: 1, closedEarly: true, sent: half });
		} finally {
			await media.close();
		}
	}, 15_000);

	it('#9.14 a download opened to check the video is closed at once when the post is refused before the upload (privacy not offered)', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		env.fake.posts.creator.privacy_level_options = ['FOLLOWER_OF_CREATOR', 'MUTUAL_FOLLOW_FRIENDS'];
		// The server sends a little, then nothing, ever: only n8n closing the connection ends it.
		const media = await pausingMediaServer(
			syntheticMp4(70_000_000),
			1_000_000,
			new Promise(() => undefined),
		);
		try {
			const result = await env.n8n.run({
				parameters: directPost({
					source: 'url',
					videoUrl: media.url,
					options: { downloadAndUpload: true },
				}),
				credentials,
			});
			expect(result.error?.message).toBe(
				'The privacy level "SELF_ONLY" is not offered for this TikTok account',
			);
			expect(env.fake.requests.map((r) => r.path)).toEqual([
				'/v2/post/publish/creator_info/query/',
			]);
			// At once: the server saw the close within a second of the run's end (polled, not guessed).
			expect(await msUntil(() => media.seen.closedEarly)).toBeLessThan(1_000);
			expect(media.seen).toEqual({ requests: 1, closedEarly: true, sent: 1_000_000 });
		} finally {
			await media.close();
		}
	}, 15_000);

	it('#9.3 Stop while Create Handoff Pack downloads a URL into binary storage: the download is closed and nothing is stored', async () => {
		const video = syntheticMp4(4_000_000);
		const stop = deferred();
		const { resume, runReturned } = resumeAfterStoppedRun(stop.promise);
		const media = await pausingMediaServer(video, 1_000_000, resume, false);
		const stored: IBinaryData[] = [];
		const store = BinaryDataService.prototype.store;
		BinaryDataService.prototype.store = async function (
			this: BinaryDataService,
			...args: Parameters<typeof store>
		) {
			const binary = await store.apply(this, args);
			stored.push(binary);
			return binary;
		};
		try {
			// The server has sent its first megabyte and waits: stop the execution then.
			let stoppedAt = 0;
			const started = (async () => {
				while (media.seen.requests === 0) await delay(10);
				await delay(100);
				stoppedAt = Date.now();
				stop.resolve();
			})();
			const result = (lastRun = await env.n8n
				.run({
					parameters: {
						resource: 'post',
						operation: 'createHandoffPack',
						source: 'url',
						videoUrl: media.url,
						caption: 'Stopped',
					},
					cancelWhen: stop.promise,
				})
				.finally(runReturned));
			const returnedAt = Date.now();
			await started;
			await resume;

			expect(result.run.status).toBe('canceled');
			// Stop ends the download at once, not once the server sends more.
			expect(returnedAt - stoppedAt).toBeLessThan(1_500);
			expect(media.seen).toEqual({ requests: 1, closedEarly: true, sent: 1_000_000 });
			expect(stored).toEqual([]);
			expect(result.items).toEqual([]);
			// How much n8n had read when Stop came depends on scheduling; never more than was sent.
			const { message, description } = nodeError();
			expect(message).toBe('The execution was stopped while downloading "Video URL"');
			const arrived = /^([\d,]+) bytes had arrived; the connection was closed\.$/.exec(
				description ?? '',
			);
			const arrivedBytes = Number(arrived?.[1].replaceAll(',', ''));
			expect(arrivedBytes).toBeGreaterThan(0);
			expect(arrivedBytes).toBeLessThanOrEqual(1_000_000);
		} finally {
			BinaryDataService.prototype.store = store;
			await media.close();
		}
	});
});
