/**
 * Post > Create Handoff Pack: for teams whose TikTok app cannot post (not approved yet, or no
 * API access at all). Checks a video against TikTok's documented limits and outputs one item
 * holding the video, the caption as a text file and a metadata JSON, for a person to post by
 * hand. No TikTok credential and no call to TikTok. The video is read and checked by
 * media/videoInput.ts; a binary input is never copied (the output reuses the stored file).
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { openBinaryVideo, storeVideoDownload, type StoredVideo } from '../../media/videoInput';
import { MAX_VIDEO_BYTES } from '../../helpers/chunkPlan';
import {
	isPrivacyLevel,
	MAX_VIDEO_DURATION_SECONDS,
	PRIVACY_LABELS,
	PRIVACY_LEVELS,
	type PrivacyLevel,
	TEXT_LIMITS,
} from '../../helpers/contentRules';
import {
	directPostReport,
	formatDuration,
	packBaseName,
	summariseCaption,
	urlForRecord,
} from '../../helpers/handoff';
import { CONTAINER_MIME_TYPES } from '../../helpers/media';
import {
	captionProperty,
	videoBinaryFieldProperty,
	videoSourceProperty,
	videoUrlProperty,
} from '../common/descriptions';
import { asText, readText } from '../common/parameters';
import { readCaption, readVideoUrl } from './common';

/** Output binary fields of the pack. */
export const HANDOFF_BINARY_FIELDS = {
	video: 'video',
	caption: 'caption',
	metadata: 'metadata',
} as const;

const properties: INodeProperties[] = [
	{
		displayName:
			"Needs no TikTok credential and calls nothing at TikTok: checks the video against TikTok's limits and outputs the video, a caption file and a metadata file for a person to post by hand.",
		name: 'handoffNotice',
		type: 'notice',
		default: '',
	},
	videoSourceProperty('A video produced earlier in the workflow', {
		name: 'URL (n8n Downloads It)',
		description: 'n8n downloads the video and streams it into its binary storage',
	}),
	videoBinaryFieldProperty,
	videoUrlProperty(
		'Address of the video (https or http). n8n downloads it; TikTok never sees this URL.',
	),
	captionProperty(' including hashtags. Written to the caption text file exactly as entered.'),
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
				description:
					"Base name of the caption text file and the metadata file. Defaults to the video's name without its extension.",
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
				displayName: 'Privacy Level',
				name: 'privacyLevel',
				type: 'options',
				options: PRIVACY_LEVELS.map((level) => ({
					name: PRIVACY_LABELS[level],
					value: level,
				})).sort((a, b) => a.name.localeCompare(b.name)),
				default: 'PUBLIC_TO_EVERYONE',
				description:
					'Who should see the post; written to the metadata as the intended privacy, and checked against what an unaudited app may do',
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

/** A video that passed the checks, held in n8n's binary storage, and where it came from (for the metadata). */
interface CheckedVideo extends StoredVideo {
	origin: IDataObject;
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const source = this.getNodeParameter('source', itemIndex) as 'binary' | 'url';
	const options = this.getNodeParameter('options', itemIndex, {}) as HandoffOptions;
	const privacyLevel = readPrivacyLevel.call(this, itemIndex, options.privacyLevel);
	const caption = readCaption.call(
		this,
		itemIndex,
		asText.call(this, options.hashtags, '"Hashtags"', itemIndex),
	);
	const fileName = asText.call(this, options.fileName, '"File Name"', itemIndex);

	const video = await checkVideo.call(this, itemIndex, source);

	const extension = video.container;
	const videoFileName =
		video.binary.fileName || `${packBaseName(fileName, undefined)}.${extension}`;
	const base = packBaseName(fileName, videoFileName);
	const report = directPostReport({
		appAudited: Boolean(options.appAudited),
		privacyLevel,
		durationSeconds: video.durationSeconds,
	});

	const metadata: IDataObject = {
		generator: 'n8n-nodes-tiktok-api: Post > Create Handoff Pack',
		created_at: new Date().toISOString(),
		video: {
			file_name: videoFileName,
			mime_type: CONTAINER_MIME_TYPES[video.container],
			container: video.container,
			size_bytes: video.size,
			duration_seconds:
				video.durationSeconds === undefined
					? null
					: Math.round(video.durationSeconds * 1000) / 1000,
			...video.origin,
		},
		caption: { ...summariseCaption(caption) },
		intended_privacy_level: privacyLevel,
		checks: {
			container: { passed: true, value: video.container, accepted: ['mp4', 'mov', 'webm'] },
			size: { passed: true, bytes: video.size, max_bytes: MAX_VIDEO_BYTES },
			duration:
				video.durationSeconds === undefined
					? {
							passed: null,
							seconds: null,
							max_seconds: MAX_VIDEO_DURATION_SECONDS,
							note: 'Not readable from the file header',
						}
					: {
							passed: true,
							seconds: Math.round(video.durationSeconds * 1000) / 1000,
							max_seconds: MAX_VIDEO_DURATION_SECONDS,
						},
			caption_length: {
				passed: true,
				length: caption.length,
				max_length: TEXT_LIMITS.videoCaption,
			},
		},
		direct_post: { ...report },
		files: {
			video: videoFileName,
			caption: `${base}.caption.txt`,
			metadata: `${base}.metadata.json`,
		},
		instructions: `Open TikTok, upload ${videoFileName}, paste the text of ${base}.caption.txt as the caption, and set who can view it to ${privacyLevel}.`,
	};

	const captionFile = await this.helpers.prepareBinaryData(
		Buffer.from(caption, 'utf8'),
		`${base}.caption.txt`,
		'text/plain',
	);
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
				[HANDOFF_BINARY_FIELDS.video]: {
					...video.binary,
					fileName: videoFileName,
					mimeType: CONTAINER_MIME_TYPES[video.container],
					fileExtension: extension,
				},
				[HANDOFF_BINARY_FIELDS.caption]: captionFile,
				[HANDOFF_BINARY_FIELDS.metadata]: metadataFile,
			},
			pairedItem: { item: itemIndex },
		},
	];
}

function readPrivacyLevel(
	this: IExecuteFunctions,
	itemIndex: number,
	raw: string | undefined,
): PrivacyLevel {
	const value = raw ?? 'PUBLIC_TO_EVERYONE';
	if (!isPrivacyLevel(value)) {
		throw new NodeOperationError(
			this.getNode(),
			`"Privacy Level" must be one of ${PRIVACY_LEVELS.join(', ')}, got "${String(raw)}"`,
			{
				itemIndex,
				description: 'Pick a value from the list in Options > Privacy Level.',
			},
		);
	}
	return value;
}

/** The video checked (see media/videoInput.ts), then TikTok's 10-minute limit when the header tells the duration. */
async function checkVideo(
	this: IExecuteFunctions,
	itemIndex: number,
	source: 'binary' | 'url',
): Promise<CheckedVideo> {
	let video: CheckedVideo;
	if (source === 'url') {
		const videoUrl = readVideoUrl.call(this, itemIndex, 'n8n');
		// Signed URLs carry secrets in their query, and URLs may carry a password: neither goes into the pack.
		video = {
			...(await storeVideoDownload(this, itemIndex, videoUrl)),
			origin: { source: 'url', url: urlForRecord(videoUrl) },
		};
	} else {
		const propertyName = readText.call(this, 'binaryPropertyName', itemIndex, 'Input Binary Field');
		video = {
			...(await openBinaryVideo(this, itemIndex, propertyName)),
			origin: { source: 'binary', input_binary_field: propertyName },
		};
	}
	if (video.durationSeconds !== undefined && video.durationSeconds > MAX_VIDEO_DURATION_SECONDS) {
		throw new NodeOperationError(
			this.getNode(),
			`${video.subject} is ${formatDuration(video.durationSeconds)} long; TikTok accepts videos up to ${MAX_VIDEO_DURATION_SECONDS / 60} minutes`,
			{
				itemIndex,
				description: `Trim the video to ${MAX_VIDEO_DURATION_SECONDS / 60} minutes or less, then run again.`,
			},
		);
	}
	return video;
}
