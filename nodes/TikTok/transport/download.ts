/**
 * Downloads the video behind a "Video URL" as a stream, for the operations that fetch it
 * themselves (Create Video Post with "Download and Upload as File", Create Handoff Pack).
 * The body is never buffered: its first bytes can be peeked (for the format) and put back.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** The part of a Node.js readable stream a download needs (nodes may not import `stream`). */
export interface DownloadBody extends AsyncIterable<Buffer> {
	read: () => Buffer | null;
	unshift: (chunk: Buffer) => void;
	once: (event: string, listener: (...args: unknown[]) => void) => void;
	removeListener: (event: string, listener: (...args: unknown[]) => void) => void;
	destroy: () => void;
	readableEnded?: boolean;
}

export interface VideoDownload {
	body: DownloadBody;
	headers: IDataObject;
	statusCode: number;
}

/** GETs the URL, without credentials: it is the user's own media server, not TikTok. */
export async function downloadVideo(this: IExecuteFunctions, itemIndex: number, videoUrl: string): Promise<VideoDownload> {
	try {
		return (await this.helpers.httpRequest({ method: 'GET', url: videoUrl, encoding: 'stream', returnFullResponse: true })) as VideoDownload;
	} catch (error) {
		throw new NodeOperationError(this.getNode(), `Could not download "Video URL": ${(error as Error).message}`, {
			itemIndex,
			description: 'Check that the URL is reachable from the n8n server and returns the video itself (not a web page).',
		});
	}
}

/**
 * The first `bytes` bytes of a body, put back so the whole body can still be read or piped.
 * Uses `read()` and one-off listeners (no async iterator, which would stay attached and stall a
 * later pipe), so the stream is left as it was found.
 */
export async function peekHead(body: DownloadBody, bytes: number): Promise<Buffer> {
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
		const more = await new Promise<boolean>((resolve, reject) => {
			const settle = (outcome: boolean | Error) => {
				body.removeListener('readable', onReadable);
				body.removeListener('end', onEnd);
				body.removeListener('error', onError);
				if (outcome instanceof Error) reject(outcome);
				else resolve(outcome);
			};
			const onReadable = () => settle(true);
			const onEnd = () => settle(false);
			const onError = (error: unknown) => settle(error instanceof Error ? error : new Error(String(error)));
			body.once('readable', onReadable);
			body.once('end', onEnd);
			body.once('error', onError);
		});
		if (!more) break;
	}
	const head = Buffer.concat(parts);
	if (head.length) body.unshift(head);
	return head.subarray(0, bytes);
}
