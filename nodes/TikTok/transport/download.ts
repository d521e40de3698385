/**
 * Downloads the video behind a "Video URL" as a stream, for the operations that fetch it
 * themselves (Create Video Post with "Download and Upload as File", Create Handoff Pack).
 * The body is never buffered: its first bytes can be peeked (for the format) and put back.
 *
 * A download is watched from the request on: it stops (connection closed, a NodeOperationError
 * saying why) when the execution is stopped, when it brings more than TikTok's 4 GB or than the
 * server declared, when the server sends nothing for a while although n8n is waiting for bytes,
 * and when the whole download takes too long.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { formatBytes, MAX_VIDEO_BYTES } from '../helpers/chunkPlan';
import { cancelSignal } from './kernel';
import { abortableSleep } from './policies';
import { nodeStreamMaker } from './streams';

/** How much a download may bring and how long it may take. */
export interface DownloadLimits {
	/** Most bytes when the server does not declare a length (a declared length is the limit otherwise). */
	maxBytes: number;
	/** Longest time the server may send nothing while n8n waits for bytes. */
	idleTimeoutMs: number;
	/** Longest time a whole download may take, from the request on. */
	deadlineMs: number;
}

export const DOWNLOAD_LIMITS: Readonly<DownloadLimits> = Object.freeze({
	// TikTok refuses anything larger: downloading more is of no use.
	maxBytes: MAX_VIDEO_BYTES,
	idleTimeoutMs: 60_000,
	// TikTok's upload URL is valid for one hour; a slower download cannot be posted anyway.
	deadlineMs: 60 * 60_000,
});

/** The part of a Node.js readable stream a download needs (nodes may not import `stream`). */
export interface DownloadBody extends AsyncIterable<Buffer> {
	read: () => Buffer | null;
	unshift: (chunk: Buffer) => void;
	once: (event: string, listener: (...args: unknown[]) => void) => void;
	removeListener: (event: string, listener: (...args: unknown[]) => void) => void;
	on: (event: string, listener: (...args: unknown[]) => void) => void;
	destroy: (error?: Error) => void;
	readableEnded?: boolean;
	destroyed?: boolean;
}

export interface VideoDownload {
	headers: IDataObject;
	statusCode: number;
	/** The first `bytes` bytes, put back: `stream()` still yields the whole body. */
	peek: (bytes: number) => Promise<Buffer>;
	/** The body as it must be read: counted and watched (a Node stream, so it can be stored or sent). */
	stream: () => AsyncIterable<Buffer>;
	/** Closes the connection (a refusal before reading, or an early end of reading). */
	close: () => void;
	/** Why the download was stopped, when it was (limit, timeout, execution stopped). */
	failure: () => NodeOperationError | undefined;
}

/** The most bytes a body may bring: what the server declared, else TikTok's limit. */
export function downloadByteLimit(
	declaredLength: number | undefined,
	maxBytes = MAX_VIDEO_BYTES,
): number {
	return declaredLength !== undefined && Number.isSafeInteger(declaredLength) && declaredLength >= 0
		? declaredLength
		: maxBytes;
}

/** The Content-Length a response declared, if it declared a usable one. */
export function declaredLength(headers: IDataObject): number | undefined {
	const raw = headers['content-length'];
	if (raw === undefined || raw === null || raw === '') return undefined;
	const length = Number(raw);
	return Number.isSafeInteger(length) && length >= 0 ? length : undefined;
}

/**
 * GETs the URL, without credentials (it is the user's own media server, not TikTok), under a
 * watch that ends with the download.
 */
export async function downloadVideo(
	this: IExecuteFunctions,
	itemIndex: number,
	videoUrl: string,
	limits: Readonly<DownloadLimits> = DOWNLOAD_LIMITS,
): Promise<VideoDownload> {
	const watch = new DownloadWatch(this, itemIndex, limits);
	let response: { body: DownloadBody; headers: IDataObject; statusCode: number };
	try {
		response = (await this.helpers.httpRequest({
			method: 'GET',
			url: videoUrl,
			encoding: 'stream',
			returnFullResponse: true,
			// The bytes as stored: Content-Length is then the video's size, which TikTok's chunk plan
			// is built from (a compressed answer declares its compressed size).
			headers: { 'Accept-Encoding': 'identity' },
			// Aborts the request, or the response while it streams (axios closes the connection).
			abortSignal: watch.signal,
		})) as typeof response;
	} catch (error) {
		watch.end();
		const failure = watch.failure;
		if (failure) throw failure;
		throw new NodeOperationError(
			this.getNode(),
			`Could not download "Video URL": ${(error as Error).message}`,
			{
				itemIndex,
				description:
					'Check that the URL is reachable from the n8n server and returns the video itself (not a web page).',
			},
		);
	}
	watch.receiving(
		response.body,
		downloadByteLimit(declaredLength(response.headers), limits.maxBytes),
		declaredLength(response.headers) !== undefined,
	);
	return {
		headers: response.headers,
		statusCode: response.statusCode,
		peek: async (bytes) => await watch.peek(bytes),
		stream: () => watch.stream(),
		close: () => watch.end(),
		failure: () => watch.failure,
	};
}

/**
 * Watches one download: the execution's cancel signal, the byte limit, the idle timeout (only
 * while the reader waits for bytes: a reader busy elsewhere, e.g. sending a chunk to TikTok,
 * is no idle server) and the deadline. Its timer is `abortableSleep` (n8n-workflow's), woken at the
 * earliest moment a limit can be reached.
 */
class DownloadWatch {
	failure?: NodeOperationError;

	private readonly stopper = new AbortController();

	private readonly watching = new AbortController();

	private readonly startedAt = Date.now();

	/** When the reader started waiting for bytes; undefined while it is not waiting. */
	private waitingSince: number | undefined = this.startedAt;

	private body?: DownloadBody;

	private bytes = 0;

	private limit = Number.POSITIVE_INFINITY;

	private limitDeclared = false;

	private readonly executionSignal?: AbortSignal;

	private readonly onExecutionStopped = () => this.fail(this.error('stopped'));

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly itemIndex: number,
		private readonly limits: Readonly<DownloadLimits>,
	) {
		this.executionSignal = cancelSignal(ctx);
		if (this.executionSignal?.aborted) this.onExecutionStopped();
		else this.executionSignal?.addEventListener('abort', this.onExecutionStopped, { once: true });
		void this.watch();
	}

	get signal(): AbortSignal {
		return this.stopper.signal;
	}

	receiving(body: DownloadBody, limit: number, declared: boolean): void {
		this.body = body;
		this.limit = limit;
		this.limitDeclared = declared;
		// The headers arrived; the reader is not waiting for the body until it asks for it.
		this.waitingSince = undefined;
		// A stream destroyed with an error emits it; unheard, Node would end the n8n process.
		// Readers still get the error: through their iterator, or from `failure`.
		body.on('error', ignoreStreamError);
		if (this.failure) body.destroy(this.failure);
	}

	async peek(bytes: number): Promise<Buffer> {
		const body = this.body!;
		if (this.failure) throw this.failure;
		this.waitingSince = Date.now();
		try {
			return await peekHead(body, bytes);
		} catch (error) {
			throw this.failure ?? this.broken(error);
		} finally {
			this.waitingSince = undefined;
		}
	}

	stream(): AsyncIterable<Buffer> {
		const body = this.body!;
		const pieces = this.counted(body);
		const make = nodeStreamMaker(body);
		if (!make) return pieces;
		const stream = make(pieces) as ReturnType<typeof make> & {
			destroy: (error?: Error) => unknown;
		};
		// Destroyed by its reader (a stopped or failed upload, a failed store): close the
		// connection at once. The stream's own destroy would first wait for the read in flight,
		// i.e. for bytes a stalled server may never send.
		const destroy = stream.destroy.bind(stream);
		stream.destroy = (error?: Error) => {
			this.end();
			return destroy(error);
		};
		return stream;
	}

	/** Stops watching and closes the connection, unless the body was read to its end. */
	end(): void {
		this.watching.abort();
		this.executionSignal?.removeEventListener('abort', this.onExecutionStopped);
		if (this.body && !this.body.readableEnded) {
			// Aborting the request is what closes the socket (axios then destroys the response);
			// destroying the body alone waits for its next bytes.
			this.stopper.abort(this.failure);
			this.body.destroy(this.failure);
		}
	}

	private async *counted(body: DownloadBody): AsyncGenerator<Buffer> {
		const iterator = body[Symbol.asyncIterator]();
		try {
			for (;;) {
				if (this.failure) throw this.failure;
				this.waitingSince = Date.now();
				let next: IteratorResult<Buffer>;
				try {
					next = await iterator.next();
				} catch (error) {
					throw this.failure ?? this.broken(error);
				} finally {
					this.waitingSince = undefined;
				}
				if (this.failure) throw this.failure;
				if (next.done) return;
				this.bytes += next.value.length;
				if (this.bytes > this.limit)
					throw this.fail(this.error(this.limitDeclared ? 'beyondDeclared' : 'tooLarge'));
				yield next.value;
			}
		} finally {
			this.end();
		}
	}

	private async watch(): Promise<void> {
		const { idleTimeoutMs, deadlineMs } = this.limits;
		while (!this.watching.signal.aborted && !this.failure) {
			const now = Date.now();
			const deadlineAt = this.startedAt + deadlineMs;
			const idleAt =
				this.waitingSince === undefined
					? Number.POSITIVE_INFINITY
					: this.waitingSince + idleTimeoutMs;
			if (now >= deadlineAt) {
				this.fail(this.error('deadline'));
				return;
			}
			if (now >= idleAt) {
				this.fail(this.error('idle'));
				return;
			}
			// Not waiting: look again after one idle period, the soonest a wait starting now can expire.
			const wakeAt = Math.min(deadlineAt, idleAt, now + idleTimeoutMs);
			try {
				await abortableSleep(wakeAt - now, this.watching.signal);
			} catch {
				return;
			}
		}
	}

	private fail(error: NodeOperationError): NodeOperationError {
		if (this.failure) return this.failure;
		this.failure = error;
		this.stopper.abort(error);
		// With the error, so a reader waiting for bytes (or peeking) wakes up with it.
		this.body?.destroy(error);
		this.end();
		return error;
	}

	private broken(error: unknown): NodeOperationError {
		const message = error instanceof Error ? error.message : String(error);
		return new NodeOperationError(
			this.ctx.getNode(),
			`Downloading "Video URL" failed after ${formatBytes(this.bytes)}: ${message}`,
			{
				itemIndex: this.itemIndex,
				description:
					'The connection to the server of "Video URL" broke. Check the server and run again.',
			},
		);
	}

	private error(
		reason: 'stopped' | 'tooLarge' | 'beyondDeclared' | 'idle' | 'deadline',
	): NodeOperationError {
		const received = `${this.bytes.toLocaleString('en-US')} bytes had arrived`;
		const explain = (message: string, description: string) =>
			new NodeOperationError(this.ctx.getNode(), message, {
				itemIndex: this.itemIndex,
				description,
			});
		switch (reason) {
			case 'stopped':
				return explain(
					'The execution was stopped while downloading "Video URL"',
					`${received}; the connection was closed.`,
				);
			case 'tooLarge':
				return explain(
					`The video at "Video URL" is larger than ${formatBytes(this.limit)}; TikTok accepts videos up to 4 GB`,
					`The server did not say how large it is, so n8n counted: the download was stopped after ${this.bytes.toLocaleString('en-US')} bytes. Compress or shorten the video, then run again.`,
				);
			case 'beyondDeclared':
				return explain(
					`The server of "Video URL" sent more than the ${this.limit.toLocaleString('en-US')} bytes it declared (Content-Length)`,
					'The download was stopped. A server that compresses the response (Content-Encoding) declares the compressed size: serve the video uncompressed.',
				);
			case 'idle':
				return explain(
					`The server of "Video URL" sent nothing for ${describeMs(this.limits.idleTimeoutMs)}`,
					`${received}; the download was stopped. Check the server, or download the file with an HTTP Request node and use Source "Binary File".`,
				);
			case 'deadline':
				return explain(
					`Downloading "Video URL" took longer than ${describeMs(this.limits.deadlineMs)}`,
					`${received}; the download was stopped. Use a faster server or a smaller file.`,
				);
		}
	}
}

function ignoreStreamError(): void {}

function describeMs(ms: number): string {
	return ms >= 120_000 ? `${Math.round(ms / 60_000)} minutes` : `${Math.round(ms / 1000)} s`;
}

/**
 * The first `bytes` bytes of a body, put back so the whole body can still be read or piped.
 * Uses `read()` and one-off listeners (no async iterator, which would stay attached and stall a
 * later pipe), so the stream is left as it was found.
 */
async function peekHead(body: DownloadBody, bytes: number): Promise<Buffer> {
	const parts: Buffer[] = [];
	let length = 0;
	while (length < bytes) {
		const chunk = body.read();
		if (chunk !== null) {
			parts.push(chunk);
			length += chunk.length;
			continue;
		}
		if (body.readableEnded) break;
		if (body.destroyed) throw new Error('the connection was closed');
		const more = await new Promise<boolean>((resolve, reject) => {
			const settle = (outcome: boolean | Error) => {
				body.removeListener('readable', onReadable);
				body.removeListener('end', onEnd);
				body.removeListener('error', onError);
				body.removeListener('close', onClose);
				if (outcome instanceof Error) reject(outcome);
				else resolve(outcome);
			};
			const onReadable = () => settle(true);
			const onEnd = () => settle(false);
			const onError = (error: unknown) =>
				settle(error instanceof Error ? error : new Error(String(error)));
			// Destroyed without an error: no 'end' and no 'error' will come.
			const onClose = () => settle(new Error('the connection was closed'));
			body.once('readable', onReadable);
			body.once('end', onEnd);
			body.once('error', onError);
			body.once('close', onClose);
		});
		if (!more) break;
	}
	const head = Buffer.concat(parts);
	if (head.length) body.unshift(head);
	return head.subarray(0, bytes);
}
