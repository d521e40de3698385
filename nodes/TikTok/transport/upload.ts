/**
 * Chunked FILE_UPLOAD to TikTok's pre-signed `upload_url`. Reads the video as a stream, holds
 * one chunk at a time, and PUTs it with its Content-Range. The URL carries its own signature, so
 * these requests go out without credentials (and this module never reads any).
 */
import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import { type ChunkPlan, chunks, type PlannedChunk } from '../helpers/chunkPlan';

/** Retries of one chunk after a 5xx or a dropped connection. Exposed so tests can shorten waits. */
export const uploadRetryPolicy = { maxAttempts: 4, delayMs: 2_000 };

export interface ChunkUpload {
	uploadUrl: string;
	plan: ChunkPlan;
	contentType: string;
	/** The whole video from its first byte. */
	source: AsyncIterable<Buffer>;
	itemIndex: number;
	/** First chunk to send; earlier ones are skipped (resuming an upload TikTok partly has). */
	startChunk?: number;
	/** Called after TikTok accepted each chunk. */
	onChunkAccepted?: (chunk: PlannedChunk) => void;
}

export async function uploadVideoChunks(this: IExecuteFunctions, upload: ChunkUpload): Promise<void> {
	const planned = chunks(upload.plan);
	const startChunk = upload.startChunk ?? 0;
	let chunkIndex = startChunk;
	let skipBytes = planned[startChunk]?.start ?? 0;
	let buffer = Buffer.allocUnsafe(planned[chunkIndex].size);
	let filled = 0;

	for await (const piece of upload.source) {
		let data = piece;
		if (skipBytes > 0) {
			if (data.length <= skipBytes) {
				skipBytes -= data.length;
				continue;
			}
			data = data.subarray(skipBytes);
			skipBytes = 0;
		}
		while (data.length > 0) {
			if (chunkIndex >= planned.length) {
				throw uploadError.call(this, upload.itemIndex, 'The video has more bytes than its recorded size', 'The file changed while it was read. Run the workflow again.');
			}
			const take = Math.min(data.length, buffer.length - filled);
			data.copy(buffer, filled, 0, take);
			filled += take;
			data = data.subarray(take);
			if (filled === buffer.length) {
				await putChunk.call(this, upload, planned[chunkIndex], buffer);
				upload.onChunkAccepted?.(planned[chunkIndex]);
				chunkIndex++;
				filled = 0;
				// Allocate per chunk: the previous buffer is released once its PUT is done.
				if (chunkIndex < planned.length) buffer = Buffer.allocUnsafe(planned[chunkIndex].size);
			}
		}
	}
	if (chunkIndex < planned.length) {
		throw uploadError.call(this, upload.itemIndex, 'The video ended before its recorded size', 'The stored file is shorter than n8n recorded. Produce the file again and re-run.');
	}
}

async function putChunk(this: IExecuteFunctions, upload: ChunkUpload, chunk: PlannedChunk, body: Buffer): Promise<void> {
	const isLast = chunk.index === upload.plan.totalChunkCount - 1;
	for (let attempt = 1; ; attempt++) {
		let status: number | undefined;
		let responseHeaders: IDataObject = {};
		let networkError: Error | undefined;
		try {
			const response = (await this.helpers.httpRequest({
				method: 'PUT',
				url: upload.uploadUrl,
				body,
				headers: {
					'Content-Type': upload.contentType,
					'Content-Length': body.length,
					'Content-Range': `bytes ${chunk.start}-${chunk.end}/${upload.plan.videoSize}`,
				},
				encoding: 'text',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout: 15 * 60 * 1000,
			})) as { statusCode: number; headers: IDataObject };
			status = response.statusCode;
			responseHeaders = response.headers ?? {};
		} catch (error) {
			networkError = error instanceof Error ? error : new Error(String(error));
		}

		if (status === 206 && !isLast) return;
		if (status === 201 && isLast) return;
		const retryable = networkError !== undefined || (status !== undefined && status >= 500);
		if (retryable && attempt < uploadRetryPolicy.maxAttempts) {
			await sleep(uploadRetryPolicy.delayMs * 2 ** (attempt - 1), this.getExecutionCancelSignal());
			continue;
		}
		throw chunkFailure.call(this, upload, chunk, status, responseHeaders, networkError);
	}
}

function chunkFailure(
	this: IExecuteFunctions,
	upload: ChunkUpload,
	chunk: PlannedChunk,
	status: number | undefined,
	headers: IDataObject,
	networkError: Error | undefined,
): NodeApiError {
	const where = `chunk ${chunk.index + 1} of ${upload.plan.totalChunkCount} (bytes ${chunk.start}-${chunk.end})`;
	const explain = (message: string, fix: string) => uploadError.call(this, upload.itemIndex, message, fix, status);
	if (networkError) {
		return explain(`Uploading ${where} to TikTok failed: ${networkError.message}`, `Tried ${uploadRetryPolicy.maxAttempts} times. Check the n8n host's connection and run again.`);
	}
	switch (status) {
		case 201:
			return explain(`TikTok reported the upload complete after ${where}, before the last chunk`, 'The chunk plan and TikTok disagree. Report this with the publish ID.');
		case 206:
			return explain(`TikTok still expects more data after the last chunk (${where})`, 'The chunk plan and TikTok disagree. Report this with the publish ID.');
		case 400:
			return explain(`TikTok rejected ${where} as malformed`, 'This is a bug in the TikTok node (wrong headers or length). Please report it.');
		case 403:
			return explain(`TikTok's upload URL expired while sending ${where}`, 'TikTok allows one hour for an upload. Use a faster connection or a smaller file, and run again to start a new post.');
		case 404:
			return explain(`TikTok no longer knows this upload (${where})`, 'Run again to start a new post.');
		case 416: {
			const progress = typeof headers['content-range'] === 'string' ? ` TikTok reports it has ${headers['content-range']}.` : '';
			return explain(`TikTok did not accept the byte range of ${where}`, `TikTok's upload progress does not match what n8n sent.${progress} Run again to start a new post.`);
		}
		default:
			return explain(`TikTok answered ${where} with HTTP ${status}`, `Tried ${uploadRetryPolicy.maxAttempts} times. TikTok may be having problems; run again later.`);
	}
}

function uploadError(this: IExecuteFunctions, itemIndex: number, message: string, description: string, status?: number): NodeApiError {
	return new NodeApiError(this.getNode(), { message } as JsonObject, {
		message,
		description,
		httpCode: status !== undefined ? String(status) : undefined,
		itemIndex,
	});
}
