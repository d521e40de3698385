/**
 * Chunked FILE_UPLOAD to TikTok's pre-signed `upload_url`: each chunk streamed from its source
 * straight into its PUT, a failed chunk sent again by range, Stop honoured between and during
 * chunks. How and why: docs/architecture.md, "Uploads".
 */
import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { type ChunkPlan, chunks, type PlannedChunk } from '../helpers/chunkPlan';
import { cancelSignal } from '../transport/kernel';
import { policiesOf } from '../transport/policies';
import { destroyStream, nodeStreamMaker, type NodeStreamBody } from '../transport/streams';

export interface ChunkUpload {
	uploadUrl: string;
	plan: ChunkPlan;
	contentType: string;
	/** Opens the whole video from its first byte (called again to re-read a failed chunk). */
	open: () => Promise<AsyncIterable<Buffer>>;
	itemIndex: number;
	/** The post the upload belongs to, for messages. */
	publishId?: string;
	/** First chunk to send; earlier ones are skipped (resuming an upload TikTok partly has). */
	startChunk?: number;
	/** Called after TikTok accepted each chunk. */
	onChunkAccepted?: (chunk: PlannedChunk) => void;
	/** Called when a PUT got no answer (dropped, timed out, stopped): TikTok may have its chunk. */
	onAnswerLost?: (chunk: PlannedChunk) => void;
}

/**
 * Reads a byte stream in exact slices. Node stream sources send each slice as a stream (see
 * streams.ts); other sources (n8n's in-memory binary mode) send each slice as a Buffer.
 */
class VideoReader {
	private carry: Buffer = Buffer.alloc(0);

	private readonly iterator: AsyncIterator<Buffer>;

	private readonly toStream?: (pieces: AsyncIterable<Buffer>) => NodeStreamBody;

	position = 0;

	constructor(private readonly source: AsyncIterable<Buffer>) {
		this.iterator = source[Symbol.asyncIterator]();
		this.toStream = nodeStreamMaker(source);
	}

	private async *slice(length: number): AsyncIterable<Buffer> {
		let left = length;
		while (left > 0) {
			if (this.carry.length === 0) {
				const next = await this.iterator.next();
				if (next.done) throw new ShortVideoError();
				this.carry = next.value;
			}
			const piece = this.carry.subarray(0, left);
			this.carry = this.carry.subarray(piece.length);
			left -= piece.length;
			this.position += piece.length;
			yield piece;
		}
	}

	async skip(length: number): Promise<void> {
		for await (const piece of this.slice(length)) void piece;
	}

	async body(length: number): Promise<NodeStreamBody | Buffer> {
		if (this.toStream) return this.toStream(this.slice(length));
		const parts: Buffer[] = [];
		for await (const piece of this.slice(length)) parts.push(piece);
		return parts.length === 1 ? parts[0] : Buffer.concat(parts);
	}

	/** True when the stream has bytes beyond what was read. */
	async hasMore(): Promise<boolean> {
		if (this.carry.length > 0) return true;
		const next = await this.iterator.next();
		if (next.done) return false;
		this.carry = next.value;
		return next.value.length > 0;
	}

	/** Closes the file or connection at once, also while a read is in flight. */
	async close(): Promise<void> {
		destroyStream(this.source);
		await this.iterator.return?.();
	}
}

class ShortVideoError extends Error {}

export async function uploadVideoChunks(
	this: IExecuteFunctions,
	upload: ChunkUpload,
): Promise<void> {
	const signal = cancelSignal(this);
	const { uploadRetry, clock } = policiesOf(this);
	const planned = chunks(upload.plan).slice(upload.startChunk ?? 0);
	let current = planned[0];
	let reader: VideoReader | undefined;
	const stopped = () => uploadStopped.call(this, upload, current, reader?.position ?? 0);
	// Stopping closes what is being read at once, also mid-read; the loop then ends below.
	const closeReader = () => void reader?.close();
	signal?.addEventListener('abort', closeReader, { once: true });
	try {
		if (signal?.aborted) throw stopped();
		reader = new VideoReader(await upload.open());
		for (const chunk of planned) {
			current = chunk;
			for (let attempt = 1; ; attempt++) {
				if (signal?.aborted) throw stopped();
				if (attempt > 1 || reader.position > chunk.start) {
					// A failed attempt may have consumed part of the range (or still hold a read in
					// flight on the old stream): read the video again from the start of the file.
					await reader.close();
					reader = new VideoReader(await upload.open());
				}
				if (reader.position < chunk.start) await reader.skip(chunk.start - reader.position);
				if (signal?.aborted) throw stopped();
				const outcome = await putChunk.call(
					this,
					upload,
					chunk,
					await reader.body(chunk.size),
					signal,
				);
				if (outcome.networkError) upload.onAnswerLost?.(chunk);
				// An aborted PUT looks like a dropped connection: it must not be sent again.
				if (signal?.aborted) throw stopped();
				if (outcome.sourceEnded) throw new ShortVideoError();
				if (outcome.sourceError) throw outcome.sourceError;
				if (outcome.accepted) break;
				if (outcome.retryable && attempt < uploadRetry.maxAttempts) {
					await clock.sleep(uploadRetry.delayMs * 2 ** (attempt - 1), signal);
					continue;
				}
				throw chunkFailure.call(this, upload, chunk, outcome);
			}
			upload.onChunkAccepted?.(chunk);
		}
		if (await reader.hasMore()) {
			throw uploadError.call(
				this,
				upload.itemIndex,
				'The video has more bytes than its recorded size',
				'The file changed while it was read. Run the workflow again.',
			);
		}
	} catch (error) {
		// Whatever broke once the execution was stopped (a read of the closed file, the aborted
		// PUT, the back-off), the reason is the stop.
		if (signal?.aborted) throw stopped();
		if (error instanceof ShortVideoError) {
			throw uploadError.call(
				this,
				upload.itemIndex,
				'The video ended before its recorded size',
				'The stored file is shorter than n8n recorded. Produce the file again and re-run.',
			);
		}
		if (error instanceof NodeApiError)
			throw new NodeApiError(this.getNode(), error as unknown as JsonObject);
		throw new NodeOperationError(this.getNode(), error as Error, { itemIndex: upload.itemIndex });
	} finally {
		signal?.removeEventListener('abort', closeReader);
		await reader?.close();
	}
}

/** Why an upload ended early because its execution was stopped, and what TikTok does with it. */
function uploadStopped(
	this: IExecuteFunctions,
	upload: ChunkUpload,
	chunk: PlannedChunk | undefined,
	bytesRead: number,
): NodeOperationError {
	const total = upload.plan.totalChunkCount;
	const post = upload.publishId ? ` (publish ID ${upload.publishId})` : '';
	const last = chunk !== undefined && chunk.index === total - 1;
	// Bytes of the last chunk never read from the video were never sent either.
	const lastMayBeComplete = last && bytesRead > chunk.end;
	let description: string;
	if (lastMayBeComplete) {
		description =
			'The last chunk was being sent. If it reached TikTok in full, the post may still be published: check with Post > Get Status before posting again.';
	} else if (last) {
		description =
			'The last chunk was cut off before all its bytes were sent, so this post will not be published. Run again to post the video.';
	} else {
		description = `${chunk ? `Chunk ${chunk.index + 1} of ${total} was being sent; ` : ''}TikTok never received the last chunk, so this post will not be published. Run again to post the video.`;
	}
	return new NodeOperationError(
		this.getNode(),
		`The execution was stopped during the upload to TikTok${post}`,
		{ itemIndex: upload.itemIndex, description },
	);
}

interface PutOutcome {
	accepted: boolean;
	/** The video ran out of bytes while this chunk was streamed. */
	sourceEnded?: boolean;
	/** The video's own stream failed (a download stopped or broken): not TikTok's fault, not retried. */
	sourceError?: Error;
	retryable: boolean;
	status?: number;
	headers: IDataObject;
	networkError?: Error;
}

async function putChunk(
	this: IExecuteFunctions,
	upload: ChunkUpload,
	chunk: PlannedChunk,
	body: NodeStreamBody | Buffer,
	signal: AbortSignal | undefined,
): Promise<PutOutcome> {
	const isLast = chunk.index === upload.plan.totalChunkCount - 1;
	try {
		const response = (await this.helpers.httpRequest({
			method: 'PUT',
			url: upload.uploadUrl,
			body: body as unknown as Buffer,
			headers: {
				'Content-Type': upload.contentType,
				// Explicit: a streamed body would otherwise go out with chunked transfer encoding.
				'Content-Length': chunk.size,
				'Content-Range': `bytes ${chunk.start}-${chunk.end}/${upload.plan.videoSize}`,
			},
			encoding: 'text',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			// Following redirects makes axios keep every byte sent (to replay it): a whole chunk in
			// memory. TikTok's upload URL does not redirect.
			disableFollowRedirect: true,
			timeout: 15 * 60 * 1000,
			// Stopping the execution aborts the PUT, also mid-body (TikTok then lacks the bytes).
			abortSignal: signal,
		})) as { statusCode: number; headers: IDataObject };
		const status = response.statusCode;
		const headers = response.headers ?? {};
		return {
			accepted:
				(status === 206 && !isLast) ||
				(status === 201 && isLast) ||
				alreadyReceived(status, headers, chunk),
			retryable: status >= 500,
			status,
			headers,
		};
	} catch (error) {
		// The source ending early surfaces through the request; it is not worth retrying.
		const cause = (error as { cause?: unknown })?.cause;
		if (error instanceof ShortVideoError || cause instanceof ShortVideoError) {
			return { accepted: false, retryable: false, headers: {}, sourceEnded: true };
		}
		if (error instanceof NodeOperationError || cause instanceof NodeOperationError) {
			return {
				accepted: false,
				retryable: false,
				headers: {},
				sourceError: (error instanceof NodeOperationError ? error : cause) as NodeOperationError,
			};
		}
		return {
			accepted: false,
			retryable: true,
			headers: {},
			networkError: error instanceof Error ? error : new Error(String(error)),
		};
	}
}

/**
 * Whether TikTok already has this chunk: a PUT of it arrived but its answer was lost (a reset or
 * a timeout), so it was sent again, and TikTok refuses the range (416) with its progress in
 * Content-Range, `bytes 0-{last byte received}/{size}`, ending where this chunk ends. Failing
 * here would tell the user to start a new post while TikTok has the whole video (a post).
 */
function alreadyReceived(status: number, headers: IDataObject, chunk: PlannedChunk): boolean {
	return status === 416 && lastByteReceived(headers) === chunk.end;
}

/** TikTok's upload progress from a 416's `Content-Range: bytes 0-{last byte received}/{size}`. */
function lastByteReceived(headers: IDataObject): number | undefined {
	const range = headers['content-range'];
	const progress = typeof range === 'string' ? /^bytes 0-(\d+)\/\d+$/.exec(range.trim()) : null;
	return progress ? Number(progress[1]) : undefined;
}

function chunkFailure(
	this: IExecuteFunctions,
	upload: ChunkUpload,
	chunk: PlannedChunk,
	outcome: PutOutcome,
): NodeApiError {
	const { status, headers, networkError } = outcome;
	const where = `chunk ${chunk.index + 1} of ${upload.plan.totalChunkCount} (bytes ${chunk.start}-${chunk.end})`;
	const explain = (message: string, fix: string) =>
		uploadError.call(this, upload.itemIndex, message, fix, status);
	const tries = `Tried ${policiesOf(this).uploadRetry.maxAttempts} times.`;
	if (networkError) {
		return explain(
			`Uploading ${where} to TikTok failed: ${networkError.message}`,
			`${tries} Check the n8n host's connection and run again.`,
		);
	}
	switch (status) {
		case 201:
			return explain(
				`TikTok reported the upload complete after ${where}, before the last chunk`,
				'The chunk plan and TikTok disagree. Report this with the publish ID.',
			);
		case 206:
			return explain(
				`TikTok still expects more data after the last chunk (${where})`,
				'The chunk plan and TikTok disagree. Report this with the publish ID.',
			);
		case 400:
			return explain(
				`TikTok rejected ${where} as malformed`,
				'This is a bug in the TikTok node (wrong headers or length). Please report it.',
			);
		case 403:
			return explain(
				`TikTok's upload URL expired while sending ${where}`,
				'TikTok allows one hour for an upload. Use a faster connection or a smaller file, and run again to start a new post.',
			);
		case 404:
			return explain(
				`TikTok no longer knows this upload (${where})`,
				'Run again to start a new post.',
			);
		case 416: {
			const range =
				typeof headers['content-range'] === 'string' ? headers['content-range'].trim() : undefined;
			const progress = range ? ` TikTok reports it has ${range}.` : '';
			// TikTok publishes once it has every byte: "run again" would then post the video twice.
			const hasAll = (lastByteReceived(headers) ?? -1) >= upload.plan.videoSize - 1;
			return explain(
				`TikTok did not accept the byte range of ${where}`,
				hasAll
					? `TikTok's upload progress does not match what n8n sent, but TikTok has every byte of the video (${range}), so it goes on with the post. Do not run again: check it with Post > Get Status${upload.publishId ? ` (publish ID ${upload.publishId})` : ''}.`
					: `TikTok's upload progress does not match what n8n sent.${progress} Run again to start a new post.`,
			);
		}
		default:
			return explain(
				`TikTok answered ${where} with HTTP ${status}`,
				`${tries} TikTok may be having problems; run again later.`,
			);
	}
}

function uploadError(
	this: IExecuteFunctions,
	itemIndex: number,
	message: string,
	description: string,
	status?: number,
): NodeApiError {
	return new NodeApiError(this.getNode(), { message } as JsonObject, {
		message,
		description,
		httpCode: status !== undefined ? String(status) : undefined,
		itemIndex,
	});
}
