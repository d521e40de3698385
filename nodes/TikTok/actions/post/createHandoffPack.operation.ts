/**
 * Post > Create Handoff Pack: for teams whose TikTok app cannot post (not approved yet, or no
 * API access at all). Checks a video against TikTok's documented limits and outputs one item
 * holding the video, the caption as a text file and a metadata JSON, for a person to post by
 * hand. No TikTok credential and no call to TikTok.
 *
 * Memory: a binary input is never copied. Its size comes from n8n's metadata (nothing read),
 * its type from the first 64 KiB, its duration from the header box (MP4/MOV: streamed, only
 * the `moov` box kept; WebM: the first MiB), and the output reuses the same stored binary
 * (same id: filesystem, S3 or database). A URL is streamed once into n8n's binary storage.
 */
import type { IBinaryData, IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { openBinarySource, openStoredBinary, readHead } from '../../media/binary';
import { formatBytes } from '../../helpers/chunkPlan';
import {
	composeCaption,
	directPostReport,
	fileNameFromUrl,
	formatDuration,
	MAX_CAPTION_LENGTH,
	MAX_VIDEO_BYTES,
	MAX_VIDEO_DURATION_SECONDS,
	packBaseName,
	type PrivacyLevel,
	PRIVACY_LEVELS,
	summariseCaption,
	urlForRecord,
} from '../../helpers/handoff';
import { CONTAINER_MIME_TYPES, describeFormat, readVideoDuration, SNIFF_BYTES, sniffVideoContainer, type VideoContainer } from '../../helpers/media';
import { declaredLength, downloadVideo } from '../../transport/download';
import { asText, readText } from '../common/parameters';
import { videoBinaryFieldProperty } from './common';

/** Output binary fields of the pack. */
export const HANDOFF_BINARY_FIELDS = { video: 'video', caption: 'caption', metadata: 'metadata' } as const;

const properties: INodeProperties[] = [
	{
		displayName:
			'Needs no TikTok credential and calls nothing at TikTok: checks the video against TikTok\'s limits and outputs the video, a caption file and a metadata file for a person to post by hand.',
		name: 'handoffNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Source',
		name: 'source',
		type: 'options',
		options: [
			{ name: 'Binary File', value: 'binary', description: 'A video produced earlier in the workflow' },
			{ name: 'URL', value: 'url', description: 'Downloaded by n8n, streamed into its binary storage' },
		],
		default: 'binary',
	},
	videoBinaryFieldProperty,
	{
		displayName: 'Video URL',
		name: 'videoUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://media.example.com/videos/clip.mp4',
		displayOptions: { show: { source: ['url'] } },
		description: 'Address of the video; n8n downloads it',
	},
	{
		displayName: 'Caption',
		name: 'caption',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		description: 'The post caption, up to 2200 characters including hashtags. Written to the caption text file exactly as entered.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'App Audited for Direct Post',
				name: 'appAudited',
				type: 'boolean',
				default: false,
				description:
					'Whether your TikTok app has passed the Content Posting audit. Until then TikTok allows direct posts only as "Only Me" to private accounts; the report lists this as a blocker.',
			},
			{
				displayName: 'File Name',
				name: 'fileName',
				type: 'string',
				default: '',
				placeholder: 'e.g. summer-launch',
				description: 'Base name of the caption text file and the metadata file. Defaults to the video\'s name without its extension.',
			},
			{
				displayName: 'Hashtags',
				name: 'hashtags',
				type: 'string',
				default: '',
				placeholder: 'e.g. n8n, automation',
				description: 'Hashtags appended to the caption, separated by commas or spaces (# optional)',
			},
			{
				displayName: 'Intended Privacy',
				name: 'privacyLevel',
				type: 'options',
				options: [
					{ name: 'Everyone', value: 'PUBLIC_TO_EVERYONE' },
					{ name: 'Followers', value: 'FOLLOWER_OF_CREATOR' },
					{ name: 'Friends (Followers You Follow Back)', value: 'MUTUAL_FOLLOW_FRIENDS' },
					{ name: 'Only Me', value: 'SELF_ONLY' },
				],
				default: 'PUBLIC_TO_EVERYONE',
				description: 'Who should see the post; written to the metadata and checked against what an unaudited app may do',
			},
		],
	},
];

const displayOptions = { show: { resource: ['post'], operation: ['createHandoffPack'] } };

export const description = updateDisplayOptions(displayOptions, properties);

interface HandoffOptions {
	appAudited?: boolean;
	/** Text parameters: an expression may hand over any value (read with asText). */
	fileName?: unknown;
	hashtags?: unknown;
	privacyLevel?: string;
}

/** A video that passed the checks, held in n8n's binary storage. */
interface CheckedVideo {
	binary: IBinaryData;
	size: number;
	container: VideoContainer;
	durationSeconds?: number;
	/** Where it came from, for the metadata. */
	origin: IDataObject;
}

type PrepareBinaryInput = Parameters<IExecuteFunctions['helpers']['prepareBinaryData']>[0];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const source = this.getNodeParameter('source', itemIndex) as 'binary' | 'url';
	const options = this.getNodeParameter('options', itemIndex, {}) as HandoffOptions;
	const privacyLevel = readPrivacyLevel.call(this, itemIndex, options.privacyLevel);
	const caption = readCaption.call(this, itemIndex, asText.call(this, options.hashtags, '"Hashtags"', itemIndex));
	const fileName = asText.call(this, options.fileName, '"File Name"', itemIndex);

	const video = source === 'url' ? await checkUrlVideo.call(this, itemIndex) : await checkBinaryVideo.call(this, itemIndex);

	const extension = video.container;
	const videoFileName = video.binary.fileName || `${packBaseName(fileName, undefined)}.${extension}`;
	const base = packBaseName(fileName, videoFileName);
	const report = directPostReport({ appAudited: Boolean(options.appAudited), privacyLevel, durationSeconds: video.durationSeconds });

	const metadata: IDataObject = {
		generator: 'n8n-nodes-tiktok-api: Post > Create Handoff Pack',
		created_at: new Date().toISOString(),
		video: {
			file_name: videoFileName,
			mime_type: CONTAINER_MIME_TYPES[video.container],
			container: video.container,
			size_bytes: video.size,
			duration_seconds: video.durationSeconds === undefined ? null : Math.round(video.durationSeconds * 1000) / 1000,
			...video.origin,
		},
		caption: { ...summariseCaption(caption) },
		intended_privacy_level: privacyLevel,
		checks: {
			container: { passed: true, value: video.container, accepted: ['mp4', 'mov', 'webm'] },
			size: { passed: true, bytes: video.size, max_bytes: MAX_VIDEO_BYTES },
			duration:
				video.durationSeconds === undefined
					? { passed: null, seconds: null, max_seconds: MAX_VIDEO_DURATION_SECONDS, note: 'Not readable from the file header' }
					: { passed: true, seconds: Math.round(video.durationSeconds * 1000) / 1000, max_seconds: MAX_VIDEO_DURATION_SECONDS },
			caption_length: { passed: true, length: caption.length, max_length: MAX_CAPTION_LENGTH },
		},
		direct_post: { ...report },
		files: {
			video: videoFileName,
			caption: `${base}.caption.txt`,
			metadata: `${base}.metadata.json`,
		},
		instructions: `Open TikTok, upload ${videoFileName}, paste the text of ${base}.caption.txt as the caption, and set who can view it to ${privacyLevel}.`,
	};

	const captionFile = await this.helpers.prepareBinaryData(Buffer.from(caption, 'utf8'), `${base}.caption.txt`, 'text/plain');
	const metadataFile = await this.helpers.prepareBinaryData(
		Buffer.from(`${JSON.stringify(metadata, null, 2)}\n`, 'utf8'),
		`${base}.metadata.json`,
		'application/json',
	);

	return [
		{
			json: metadata,
			binary: {
				// The same stored file as the input (no bytes copied), labelled with its real type.
				[HANDOFF_BINARY_FIELDS.video]: { ...video.binary, fileName: videoFileName, mimeType: CONTAINER_MIME_TYPES[video.container], fileExtension: extension },
				[HANDOFF_BINARY_FIELDS.caption]: captionFile,
				[HANDOFF_BINARY_FIELDS.metadata]: metadataFile,
			},
			pairedItem: { item: itemIndex },
		},
	];
}

function readPrivacyLevel(this: IExecuteFunctions, itemIndex: number, raw: string | undefined): PrivacyLevel {
	const value = (raw ?? 'PUBLIC_TO_EVERYONE') as PrivacyLevel;
	if (!PRIVACY_LEVELS.includes(value)) {
		throw new NodeOperationError(this.getNode(), `"Intended Privacy" must be one of ${PRIVACY_LEVELS.join(', ')}, got "${String(raw)}"`, {
			itemIndex,
			description: 'Pick a value from the list in Options > Intended Privacy.',
		});
	}
	return value;
}

function readCaption(this: IExecuteFunctions, itemIndex: number, hashtags: string): string {
	const caption = composeCaption(readText.call(this, 'caption', itemIndex, 'Caption'), hashtags);
	if (caption.length > MAX_CAPTION_LENGTH) {
		const excess = caption.length - MAX_CAPTION_LENGTH;
		throw new NodeOperationError(this.getNode(), `The "Caption" is ${caption.length} characters long; TikTok allows ${MAX_CAPTION_LENGTH}`, {
			itemIndex,
			description: `Shorten the caption${hashtags ? ' or the "Hashtags" option (they count towards the limit)' : ''} by ${excess} character${excess === 1 ? '' : 's'}.`,
		});
	}
	return caption;
}

/** Size first (n8n's metadata, nothing read), then the first bytes, then the header's duration. */
async function checkBinaryVideo(this: IExecuteFunctions, itemIndex: number): Promise<CheckedVideo> {
	const propertyName = readText.call(this, 'binaryPropertyName', itemIndex, 'Input Binary Field');
	const binary = this.helpers.assertBinaryData(itemIndex, propertyName);
	const source = await openBinarySource(this, itemIndex, propertyName);
	const what = `The file in "${propertyName}"${source.fileName ? ` (${source.fileName})` : ''}`;
	checkSize.call(this, itemIndex, source.size, what, `Input Binary Field "${propertyName}"`);
	const head = await readHead(await source.open(), SNIFF_BYTES);
	const container = checkContainer.call(this, itemIndex, head, what, `${source.fileName ?? 'the file'} (${source.mimeType})`);
	const durationSeconds = await readVideoDuration(container, await source.open());
	checkDuration.call(this, itemIndex, durationSeconds, what);
	return { binary, size: source.size, container, durationSeconds, origin: { source: 'binary', input_binary_field: propertyName } };
}

/** The declared size is checked before the body is read; the type from the first bytes. */
async function checkUrlVideo(this: IExecuteFunctions, itemIndex: number): Promise<CheckedVideo> {
	const videoUrl = validateUrl.call(this, itemIndex);
	// Signed URLs carry secrets in their query, and URLs may carry a password: neither goes into
	// the pack or an error.
	const recordedUrl = urlForRecord(videoUrl);
	const what = 'The video at "Video URL"';
	const download = await downloadVideo.call(this, itemIndex, videoUrl);
	const declared = declaredLength(download.headers);
	let container: VideoContainer;
	try {
		if (declared !== undefined) checkSize.call(this, itemIndex, declared, what, '"Video URL"');
		container = checkContainer.call(this, itemIndex, await download.peek(SNIFF_BYTES), what, recordedUrl);
	} catch (error) {
		// Refused before the body was read: close the connection instead of downloading it.
		download.close();
		throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
	}
	const fileName = fileNameFromUrl(videoUrl, container);
	// Streamed into n8n's binary storage (counted and watched, see transport/download.ts): the
	// whole video is never held in memory (except in n8n's "default" binary mode, which keeps
	// every binary in memory anyway).
	let stored: IBinaryData;
	try {
		stored = await this.helpers.prepareBinaryData(download.stream() as unknown as PrepareBinaryInput, fileName, CONTAINER_MIME_TYPES[container]);
	} catch (error) {
		download.close();
		const failure = download.failure();
		if (failure) throw failure;
		throw new NodeOperationError(this.getNode(), `Could not store the video from "Video URL": ${(error as Error).message}`, {
			itemIndex,
			description: "Check the space in n8n's binary data storage, then run again.",
		});
	}
	const size = typeof stored.bytes === 'number' ? stored.bytes : (declared ?? 0);
	checkSize.call(this, itemIndex, size, what, '"Video URL"');
	const durationSeconds = await readVideoDuration(container, await openStoredBinary(this, stored));
	checkDuration.call(this, itemIndex, durationSeconds, what);
	return { binary: stored, size, container, durationSeconds, origin: { source: 'url', url: recordedUrl } };
}

function checkSize(this: IExecuteFunctions, itemIndex: number, size: number, what: string, parameter: string): void {
	if (size <= 0) {
		throw new NodeOperationError(this.getNode(), `${what} is empty`, {
			itemIndex,
			description: `Check ${parameter}: it holds no bytes.`,
		});
	}
	if (size > MAX_VIDEO_BYTES) {
		throw new NodeOperationError(this.getNode(), `${what} is ${formatBytes(size)}; TikTok accepts videos up to 4 GB`, {
			itemIndex,
			description: `TikTok's limit is ${MAX_VIDEO_BYTES.toLocaleString('en-US')} bytes; this file has ${size.toLocaleString('en-US')}. Compress it or shorten it, then run again.`,
		});
	}
}

function checkContainer(this: IExecuteFunctions, itemIndex: number, head: Buffer, what: string, received: string): VideoContainer {
	const container = sniffVideoContainer(head);
	if (!container) {
		throw new NodeOperationError(this.getNode(), `${what} is ${describeFormat(head)}, not a video TikTok accepts`, {
			itemIndex,
			description: `TikTok accepts MP4 (H.264 recommended), MOV and WebM videos. Received ${received}. Convert it to MP4 first.`,
		});
	}
	return container;
}

function checkDuration(this: IExecuteFunctions, itemIndex: number, durationSeconds: number | undefined, what: string): void {
	if (durationSeconds !== undefined && durationSeconds > MAX_VIDEO_DURATION_SECONDS) {
		throw new NodeOperationError(this.getNode(), `${what} is ${formatDuration(durationSeconds)} long; TikTok accepts videos up to 10 minutes`, {
			itemIndex,
			description: 'Trim the video to 10 minutes or less, then run again.',
		});
	}
}

function validateUrl(this: IExecuteFunctions, itemIndex: number): string {
	const raw = readText.call(this, 'videoUrl', itemIndex, 'Video URL').trim();
	let url: URL | undefined;
	try {
		url = new URL(raw);
	} catch {
		url = undefined;
	}
	if (!url || !['https:', 'http:'].includes(url.protocol)) {
		throw new NodeOperationError(this.getNode(), `"Video URL" is not a valid http(s) URL: "${raw}"`, {
			itemIndex,
			description: 'Enter the full address of the video, starting with https://',
		});
	}
	return url.toString();
}
