/**
 * The video a Post operation takes in (Create Video Post, Create Handoff Pack): a file in an
 * input binary field, or a URL n8n downloads. Both are checked the same way before anything is
 * sent or stored (size, container from the first bytes, duration from the header) and are read
 * as fresh streams, never whole: memory stays at one piece (see media/binary.ts and
 * transport/download.ts).
 */
import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { formatBytes, MAX_VIDEO_BYTES } from '../helpers/chunkPlan';
import { fileNameFromUrl, urlForRecord } from '../helpers/handoff';
import {
	CONTAINER_MIME_TYPES,
	describeFormat,
	readHead,
	readVideoDuration,
	SNIFF_BYTES,
	sniffVideoContainer,
	type VideoContainer,
} from '../helpers/media';
import { declaredLength, downloadVideo, type VideoDownload } from '../transport/download';
import { openBinarySource, openStoredBinary } from './binary';

/** A video that passed the checks. */
export interface VideoInput {
	/** How messages name it: `The file in "data" (clip.mp4)`, `The video at "Video URL"`. */
	subject: string;
	size: number;
	container: VideoContainer;
	/** From the header; undefined when the header does not say, or for a download not stored. */
	durationSeconds?: number;
	/** A fresh stream of the whole video; for a download, the first call continues the response already open. */
	open: () => Promise<AsyncIterable<Buffer>>;
	/** Closes what the checks left open (a download's response) if nothing took it over. */
	release: () => void;
}

/** A video held in n8n's binary storage. */
export interface StoredVideo extends VideoInput {
	binary: IBinaryData;
}

const DOWNLOAD_SUBJECT = 'The video at "Video URL"';

/** Size first (n8n's metadata, nothing read), then the first bytes, then the header's duration. */
export async function openBinaryVideo(
	ctx: IExecuteFunctions,
	itemIndex: number,
	propertyName: string,
): Promise<StoredVideo> {
	const source = await openBinarySource(ctx, itemIndex, propertyName);
	const subject = `The file in "${propertyName}"${source.fileName ? ` (${source.fileName})` : ''}`;
	checkSize(ctx, itemIndex, source.size, subject, `Input Binary Field "${propertyName}"`);
	const head = await readHead(await source.open(), SNIFF_BYTES);
	const container = checkContainer(
		ctx,
		itemIndex,
		head,
		subject,
		`${source.fileName ?? 'the file'} (${source.mimeType})`,
	);
	const durationSeconds = await readVideoDuration(container, await source.open());
	return {
		binary: source.binary,
		subject,
		size: source.size,
		container,
		durationSeconds,
		open: source.open,
		release: () => {},
	};
}

/**
 * A download to upload as it arrives: its size from Content-Length (required, as TikTok needs
 * it before the upload starts) and its type from the first bytes, which are put back, so the
 * upload continues the response already open. A later `open` (a retried chunk) downloads again.
 */
export async function openVideoDownload(
	ctx: IExecuteFunctions,
	itemIndex: number,
	videoUrl: string,
): Promise<VideoInput> {
	const { download, size, container } = await startDownload(ctx, itemIndex, videoUrl, true);
	let responseTaken = false;
	return {
		subject: DOWNLOAD_SUBJECT,
		size: size!,
		container,
		open: async () => {
			if (responseTaken) return (await downloadVideo.call(ctx, itemIndex, videoUrl)).stream();
			responseTaken = true;
			return download.stream();
		},
		release: () => {
			if (!responseTaken) download.close();
			responseTaken = true;
		},
	};
}

/**
 * A download streamed into n8n's binary storage (counted and watched, see transport/download.ts):
 * never held in memory whole, except in n8n's "default" binary mode, which keeps every binary in
 * memory anyway. The declared size is checked before the body is read, the stored size after.
 */
export async function storeVideoDownload(
	ctx: IExecuteFunctions,
	itemIndex: number,
	videoUrl: string,
): Promise<StoredVideo> {
	const {
		download,
		size: declared,
		container,
	} = await startDownload(ctx, itemIndex, videoUrl, false);
	let binary: IBinaryData;
	try {
		type StoredInput = Parameters<IExecuteFunctions['helpers']['prepareBinaryData']>[0];
		binary = await ctx.helpers.prepareBinaryData(
			download.stream() as unknown as StoredInput,
			fileNameFromUrl(videoUrl, container),
			CONTAINER_MIME_TYPES[container],
		);
	} catch (error) {
		download.close();
		const failure = download.failure();
		if (failure) throw failure;
		throw new NodeOperationError(
			ctx.getNode(),
			`Could not store the video from "Video URL": ${(error as Error).message}`,
			{
				itemIndex,
				description: "Check the space in n8n's binary data storage, then run again.",
			},
		);
	}
	const size = typeof binary.bytes === 'number' ? binary.bytes : (declared ?? 0);
	checkSize(ctx, itemIndex, size, DOWNLOAD_SUBJECT, '"Video URL"');
	const open = async () => await openStoredBinary(ctx, binary);
	const durationSeconds = await readVideoDuration(container, await open());
	return {
		binary,
		subject: DOWNLOAD_SUBJECT,
		size,
		container,
		durationSeconds,
		open,
		release: () => {},
	};
}

/** GETs the URL and checks what can be known before its body is read: the declared size, the type. */
async function startDownload(
	ctx: IExecuteFunctions,
	itemIndex: number,
	videoUrl: string,
	sizeRequired: boolean,
): Promise<{ download: VideoDownload; size: number | undefined; container: VideoContainer }> {
	const download = await downloadVideo.call(ctx, itemIndex, videoUrl);
	const size = declaredLength(download.headers);
	try {
		if (size === undefined && sizeRequired) {
			throw new NodeOperationError(
				ctx.getNode(),
				'The server of "Video URL" did not say how large the video is',
				{
					itemIndex,
					description:
						'TikTok needs the size before the upload starts, and the server sent no Content-Length. Download the file with an HTTP Request node (Response Format: File) and use Source "Binary File".',
				},
			);
		}
		if (size !== undefined) checkSize(ctx, itemIndex, size, DOWNLOAD_SUBJECT, '"Video URL"');
		// Signed URLs carry secrets in their query, and URLs may carry a password: neither goes into an error.
		const container = checkContainer(
			ctx,
			itemIndex,
			await download.peek(SNIFF_BYTES),
			DOWNLOAD_SUBJECT,
			urlForRecord(videoUrl),
		);
		return { download, size, container };
	} catch (error) {
		// Refused before the body was read: close the connection instead of downloading it.
		download.close();
		throw new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
	}
}

function checkSize(
	ctx: IExecuteFunctions,
	itemIndex: number,
	size: number,
	subject: string,
	parameter: string,
): void {
	if (size <= 0) {
		throw new NodeOperationError(ctx.getNode(), `${subject} is empty`, {
			itemIndex,
			description: `Check ${parameter}: it holds no bytes.`,
		});
	}
	if (size > MAX_VIDEO_BYTES) {
		throw new NodeOperationError(
			ctx.getNode(),
			`${subject} is ${formatBytes(size)}; TikTok accepts videos up to 4 GB`,
			{
				itemIndex,
				description: `TikTok's limit is ${MAX_VIDEO_BYTES.toLocaleString('en-US')} bytes; this file has ${size.toLocaleString('en-US')}. Compress it or shorten it, then run again.`,
			},
		);
	}
}

function checkContainer(
	ctx: IExecuteFunctions,
	itemIndex: number,
	head: Buffer,
	subject: string,
	received: string,
): VideoContainer {
	const container = sniffVideoContainer(head);
	if (!container) {
		throw new NodeOperationError(
			ctx.getNode(),
			`${subject} is ${describeFormat(head)}, not a video TikTok accepts`,
			{
				itemIndex,
				description: `TikTok accepts MP4 (H.264 recommended), MOV and WebM videos. Received ${received}. Convert it to MP4 first.`,
			},
		);
	}
	return container;
}
