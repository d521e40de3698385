/**
 * Post > Create Video Post: a draft in the creator's inbox or a direct post, from an input binary
 * file or a URL (pulled by TikTok, or downloaded by n8n with "Download and Upload as File").
 * Everything that can be checked locally is checked before TikTok hears of the post; files are
 * uploaded in chunks, one chunk in memory at a time.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { openBinarySource } from '../../media/binary';
import { openBinaryVideo, openVideoDownload, type VideoInput } from '../../media/videoInput';
import { chunks, clampChunkSize, planChunks, type ChunkPlan } from '../../helpers/chunkPlan';
import { CONTAINER_MIME_TYPES } from '../../helpers/media';
import { binaryIdentity, type PostContent } from '../../helpers/postIdentity';
import type { LedgerEntry } from '../../state/publishLedger';
import { uploadVideoChunks } from '../../developers/upload';
import type { CreatorInfo } from '../../developers/contentPosting';
import {
	captionProperty,
	directPostOnly,
	postModeProperty,
	postOptions,
	privacyLevelProperty,
	videoBinaryFieldProperty,
	videoSourceProperty,
	videoUrlProperty,
} from '../common/descriptions';
import { readText } from '../common/parameters';
import {
	creatorForDirectPost,
	directPostInfo,
	type PostOptions,
	postResult,
	readCaption,
	readPrivacyLevel,
	readVideoUrl,
	readWaitTimeout,
} from './common';
import { findStartedPost, initPostOnce } from './postOnce';

/** TikTok pulls the URL itself, unless "Download and Upload as File" is on. */
const urlSource = {
	name: 'URL (TikTok Downloads It)',
	description:
		'A public https URL TikTok downloads itself (its domain or prefix must be verified for your app). With "Download and Upload as File", n8n downloads it instead.',
};
const binarySource = 'A video produced earlier in the workflow, uploaded by n8n in chunks';

/**
 * As an AI agent's tool (n8n's `@tool` display condition, n8n 1.x and 2.x): an agent can fill a
 * URL but cannot hand over a binary file, so the source defaults to the URL and it comes first.
 */
const toolModeVideoSource: INodeProperties[] = [
	{
		displayName:
			'As an AI agent\'s tool, the agent gives the video as a public https URL ("Video URL": let the model define it). Files from earlier nodes cannot be passed by an agent. The post is a draft unless Mode is Direct Post.',
		name: 'toolNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { '@tool': [true] } },
	},
	{
		...videoSourceProperty(binarySource, urlSource),
		options: [
			{ name: urlSource.name, value: 'url', description: urlSource.description },
			{
				name: 'Binary File',
				value: 'binary',
				description: `${binarySource}; only when the tool runs inside a workflow that has the file`,
			},
		],
		default: 'url',
		displayOptions: { show: { '@tool': [true] } },
	},
];

const properties: INodeProperties[] = [
	...toolModeVideoSource,
	{
		...videoSourceProperty(binarySource, urlSource),
		displayOptions: { hide: { '@tool': [true] } },
	},
	videoBinaryFieldProperty,
	videoUrlProperty(
		'Public https URL of the video, without redirects. TikTok fetches it itself, so its domain or URL prefix must be verified under URL properties in the TikTok developer portal, unless "Download and Upload as File" is on (then n8n downloads it).',
	),
	postModeProperty('needs video.upload', 'needs video.publish and Direct Post enabled for the app'),
	{
		displayName:
			'In draft mode TikTok accepts only the video: the creator sets caption, privacy and interaction settings in the TikTok app.',
		name: 'draftNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { mode: ['draft'] } },
	},
	captionProperty(
		'; #hashtags and @mentions are recognised by TikTok. Optional: left empty, the post has no caption.',
		{
			mode: ['directPost'],
		},
	),
	privacyLevelProperty,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'AI-Generated Content',
				name: 'isAigc',
				type: 'boolean',
				default: false,
				description: 'Whether to label the post as AI-generated (direct post only)',
				displayOptions: directPostOnly,
			},
			{
				displayName: 'Chunk Size (MB)',
				name: 'chunkSize',
				type: 'number',
				typeOptions: { minValue: 5.3, maxValue: 64 },
				default: 64,
				description:
					'Largest piece sent per request, in millions of bytes (5.3 to 64). n8n holds one piece in memory at a time. Videos up to 64 MB go in one piece.',
				displayOptions: { show: { '/source': ['binary'] } },
			},
			{
				displayName: 'Cover Frame (Ms)',
				name: 'videoCoverTimestampMs',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'Time in milliseconds of the frame to use as cover (direct post only)',
				displayOptions: directPostOnly,
			},
			{
				displayName: 'Disable Duet',
				name: 'disableDuet',
				type: 'boolean',
				default: true,
				description:
					"Whether duets are off for this post. TikTok's posting rules keep interactions off unless chosen: switch this off to allow duets (direct post only).",
				displayOptions: directPostOnly,
			},
			{
				displayName: 'Disable Stitch',
				name: 'disableStitch',
				type: 'boolean',
				default: true,
				description:
					"Whether stitches are off for this post. TikTok's posting rules keep interactions off unless chosen: switch this off to allow stitches (direct post only).",
				displayOptions: directPostOnly,
			},
			{
				displayName: 'Download and Upload as File',
				name: 'downloadAndUpload',
				type: 'boolean',
				default: false,
				description:
					"Whether n8n downloads the URL and uploads it to TikTok itself, streaming, instead of letting TikTok pull it. Use this when you cannot verify the URL's domain with TikTok.",
				displayOptions: { show: { '/source': ['url'] } },
			},
			...postOptions,
		],
	},
];

const displayOptions = { show: { resource: ['post'], operation: ['createVideo'] } };

export const description = updateDisplayOptions(displayOptions, properties);

interface VideoOptions extends PostOptions {
	isAigc?: boolean;
	chunkSize?: number;
	videoCoverTimestampMs?: number;
	/** Absent means true: interactions are off unless chosen. */
	disableDuet?: boolean;
	disableStitch?: boolean;
	downloadAndUpload?: boolean;
}

/** A checked video and its chunk plan, ready to upload. */
interface PreparedUpload extends VideoInput {
	plan: ChunkPlan;
}

type Mode = 'directPost' | 'draft';
type Source = 'binary' | 'url';

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const source = this.getNodeParameter('source', itemIndex) as Source;
	const mode = this.getNodeParameter('mode', itemIndex) as Mode;
	const options = this.getNodeParameter('options', itemIndex, {}) as VideoOptions;
	if (options.waitForCompletion)
		options.waitTimeout = readWaitTimeout.call(this, itemIndex, options);

	// n8n's Retry On Fail runs the node again: continue the post started then, never start another.
	const { key, entry: previous } = findStartedPost.call(
		this,
		itemIndex,
		mode,
		await videoPostContent.call(this, itemIndex, source, mode, options),
	);
	if (previous) {
		const resumed = await resume.call(this, previous, source, options, itemIndex);
		previous.finished = true;
		return [{ json: resumed, pairedItem: { item: itemIndex } }];
	}

	const caption = mode === 'directPost' ? readCaption.call(this, itemIndex) : undefined;
	const privacyLevel =
		mode === 'directPost'
			? readPrivacyLevel.call(this, itemIndex, options.brandContentToggle)
			: undefined;
	const pullUrl = source === 'url' && !options.downloadAndUpload;
	const videoUrl =
		source === 'url' ? readVideoUrl.call(this, itemIndex, pullUrl ? 'tikTok' : 'n8n') : undefined;

	// Everything that can be checked locally is checked before TikTok hears of the post.
	const video = pullUrl
		? undefined
		: await prepareUpload.call(this, itemIndex, source, videoUrl, options);

	let entry: LedgerEntry;
	try {
		let creator: CreatorInfo | undefined;
		if (mode === 'directPost') {
			creator = await creatorForDirectPost.call(this, itemIndex, privacyLevel!);
			checkDuration.call(this, itemIndex, creator, video?.durationSeconds);
		}

		const postInfo =
			mode === 'directPost'
				? videoPostInfo(caption ?? '', privacyLevel!, options, creator!)
				: undefined;
		const sourceInfo: IDataObject = video
			? {
					source: 'FILE_UPLOAD',
					video_size: video.plan.videoSize,
					chunk_size: video.plan.chunkSize,
					total_chunk_count: video.plan.totalChunkCount,
				}
			: { source: 'PULL_FROM_URL', video_url: videoUrl };

		entry = await initPostOnce.call(this, {
			key,
			itemIndex,
			mode,
			request: {
				method: 'POST',
				path:
					mode === 'directPost'
						? '/v2/post/publish/video/init/'
						: '/v2/post/publish/inbox/video/init/',
				scope: mode === 'directPost' ? 'video.publish' : 'video.upload',
				body: postInfo
					? { post_info: postInfo, source_info: sourceInfo }
					: { source_info: sourceInfo },
			},
			reinitIfAnswerLost: Boolean(video),
			entry: { plan: video?.plan, mediaDelivered: !video, username: creator?.creator_username },
		});
		const publishId = entry.publishId;

		if (video) {
			if (!entry.uploadUrl) {
				throw new NodeOperationError(this.getNode(), 'TikTok did not return an upload URL', {
					itemIndex,
					description: `The post ${publishId} cannot receive the video. Run again to start a new post.`,
				});
			}
			await upload.call(this, entry, video, itemIndex);
		}
	} finally {
		// The download opened to check the video is closed if the upload never took it over (a refusal, a failed init).
		video?.release();
	}
	const json = await finish.call(
		this,
		entry,
		mode,
		source,
		privacyLevel,
		options,
		itemIndex,
		video,
	);
	entry.finished = true;
	return [{ json, pairedItem: { item: itemIndex } }];
}

/**
 * This item's post in the ledger: the file (n8n's binary id, or a hash of in-memory data) and
 * its size, or the URL; caption and privacy (direct posts); mode, source and options.
 */
async function videoPostContent(
	this: IExecuteFunctions,
	itemIndex: number,
	source: Source,
	mode: Mode,
	options: VideoOptions,
): Promise<PostContent> {
	let media: string;
	let size: number | undefined;
	if (source === 'binary') {
		const propertyName = this.getNodeParameter('binaryPropertyName', itemIndex) as string;
		const binary = await openBinarySource(this, itemIndex, propertyName);
		media = binaryIdentity(binary.binary);
		size = binary.size;
	} else {
		media = String(this.getNodeParameter('videoUrl', itemIndex, '') ?? '');
	}
	const direct = mode === 'directPost';
	return {
		kind: 'video',
		mode,
		source: source === 'binary' || options.downloadAndUpload ? 'FILE_UPLOAD' : 'PULL_FROM_URL',
		media: [media],
		size,
		texts: direct ? [String(this.getNodeParameter('caption', itemIndex, '') ?? '')] : [],
		privacyLevel: direct
			? String(this.getNodeParameter('privacyLevel', itemIndex, '') ?? '')
			: undefined,
		options,
	};
}

/** The video checked (see media/videoInput.ts) and its chunks planned; for a URL, n8n downloads it. */
async function prepareUpload(
	this: IExecuteFunctions,
	itemIndex: number,
	source: Source,
	videoUrl: string | undefined,
	options: VideoOptions,
): Promise<PreparedUpload> {
	const video =
		source === 'binary'
			? await openBinaryVideo(
					this,
					itemIndex,
					readText.call(this, 'binaryPropertyName', itemIndex, 'Input Binary Field'),
				)
			: await openVideoDownload(this, itemIndex, videoUrl!);
	try {
		return {
			...video,
			plan: planChunks(
				video.size,
				clampChunkSize(options.chunkSize ? options.chunkSize * 1_000_000 : undefined),
			),
		};
	} catch (error) {
		video.release();
		// The size is checked already: what is left is a chunk rule.
		throw new NodeOperationError(
			this.getNode(),
			`${video.subject} cannot be split into chunks TikTok accepts`,
			{
				itemIndex,
				description: (error as Error).message,
			},
		);
	}
}

/** TikTok's Direct Post rules: the video may be no longer than the creator's maximum. */
function checkDuration(
	this: IExecuteFunctions,
	itemIndex: number,
	creator: CreatorInfo,
	durationSeconds: number | undefined,
): void {
	const max = creator.max_video_post_duration_sec;
	if (durationSeconds !== undefined && max && durationSeconds > max) {
		throw new NodeOperationError(
			this.getNode(),
			`The video is ${durationSeconds.toFixed(1)} s long; this creator may post at most ${max} s`,
			{
				itemIndex,
				description: 'Shorten the video, or post it as a draft.',
			},
		);
	}
}

function videoPostInfo(
	caption: string,
	privacyLevel: string,
	options: VideoOptions,
	creator: CreatorInfo,
): IDataObject {
	const info: IDataObject = {
		...directPostInfo(privacyLevel, options, creator),
		// Off unless chosen, and off where the creator disabled them in the app (as comments).
		disable_duet: options.disableDuet !== false || Boolean(creator.duet_disabled),
		disable_stitch: options.disableStitch !== false || Boolean(creator.stitch_disabled),
	};
	// A blank caption is none: "if not specified, the post will not have any captions".
	if (caption.trim()) info.title = caption;
	if (options.videoCoverTimestampMs !== undefined && options.videoCoverTimestampMs > 0) {
		info.video_cover_timestamp_ms = Math.round(options.videoCoverTimestampMs);
	}
	if (options.isAigc) info.is_aigc = true;
	return info;
}

async function upload(
	this: IExecuteFunctions,
	entry: LedgerEntry,
	video: VideoInput,
	itemIndex: number,
) {
	await uploadVideoChunks.call(this, {
		uploadUrl: entry.uploadUrl!,
		publishId: entry.publishId,
		plan: entry.plan!,
		contentType: CONTAINER_MIME_TYPES[video.container],
		open: video.open,
		itemIndex,
		startChunk: entry.chunksAccepted,
		onChunkAccepted: () => {
			entry.chunksAccepted++;
		},
		// The whole video may have reached TikTok: a retry must continue this post, not start another.
		onAnswerLost: (chunk) => {
			if (chunk.index === entry.plan!.totalChunkCount - 1) entry.lastChunkUnanswered = true;
		},
	});
	entry.mediaDelivered = true;
}

/** Continues a post a previous attempt of this node started (the same post: see videoPostContent). */
async function resume(
	this: IExecuteFunctions,
	entry: LedgerEntry,
	source: Source,
	options: VideoOptions,
	itemIndex: number,
): Promise<IDataObject> {
	const mode = this.getNodeParameter('mode', itemIndex) as Mode;
	const privacyLevel =
		mode === 'directPost'
			? (this.getNodeParameter('privacyLevel', itemIndex, '') as string)
			: undefined;
	if (!entry.mediaDelivered) {
		if (!entry.uploadUrl || !entry.plan || Date.now() - entry.startedAt > 55 * 60 * 1000) {
			throw new NodeOperationError(
				this.getNode(),
				`The upload of post ${entry.publishId} cannot be resumed`,
				{
					itemIndex,
					description:
						"TikTok's upload URL is valid for one hour and that has passed. Run the workflow again to start a new post.",
				},
			);
		}
		const videoUrl = source === 'url' ? readVideoUrl.call(this, itemIndex, 'n8n') : undefined;
		const video = await prepareUpload.call(this, itemIndex, source, videoUrl, options);
		if (video.plan.videoSize !== entry.plan.videoSize) {
			video.release();
			throw new NodeOperationError(
				this.getNode(),
				`The video changed since post ${entry.publishId} was started`,
				{
					itemIndex,
					description: 'Run the workflow again to start a new post with the new video.',
				},
			);
		}
		await upload.call(this, entry, video, itemIndex);
	}
	return await finish.call(this, entry, mode, source, privacyLevel, options, itemIndex);
}

async function finish(
	this: IExecuteFunctions,
	entry: LedgerEntry,
	mode: Mode,
	source: Source,
	privacyLevel: string | undefined,
	options: VideoOptions,
	itemIndex: number,
	video?: VideoInput,
): Promise<IDataObject> {
	const summary: IDataObject = { mode, source };
	if (entry.plan) {
		summary.video_size = entry.plan.videoSize;
		summary.chunk_size = entry.plan.chunkSize;
		summary.total_chunk_count = entry.plan.totalChunkCount;
		summary.chunks = chunks(entry.plan).length;
	}
	if (video?.durationSeconds !== undefined)
		summary.duration_seconds = Math.round(video.durationSeconds * 1000) / 1000;
	return await postResult.call(
		this,
		itemIndex,
		{
			publishId: entry.publishId,
			mode,
			kind: 'video',
			privacyLevel: mode === 'directPost' ? privacyLevel : undefined,
			username: entry.username,
			summary,
		},
		options,
	);
}
