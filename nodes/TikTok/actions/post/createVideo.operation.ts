import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { openBinarySource, readHead } from '../../media/binary';
import { ChunkPlanError, chunks, clampChunkSize, formatBytes, planChunks, type ChunkPlan } from '../../helpers/chunkPlan';
import { CONTAINER_MIME_TYPES, describeFormat, readVideoDuration, SNIFF_BYTES, sniffVideoContainer, type VideoContainer } from '../../helpers/media';
import { binaryIdentity, type PostContent } from '../../helpers/postIdentity';
import type { LedgerEntry } from '../../state/publishLedger';
import { declaredLength, downloadVideo } from '../../transport/download';
import { uploadVideoChunks } from '../../developers/upload';
import { readText } from '../common/parameters';
import { type CreatorInfo, fetchCreatorInfo, waitForPublish } from '../../developers/contentPosting';
import { directPostOptions, postIdExpected, postModeProperty, privacyLevelProperty, publishOutput, readPrivacyLevel, readWaitTimeout, videoBinaryFieldProperty, waitOptions } from './common';
import { findStartedPost, initPostOnce } from './postOnce';

/** TikTok counts the caption in UTF-16 code units, like JavaScript's `length`. */
const MAX_CAPTION_LENGTH = 2200;

const properties: INodeProperties[] = [
	{
		displayName: 'Source',
		name: 'source',
		type: 'options',
		options: [
			{
				name: 'Binary File',
				value: 'binary',
				description: 'A video produced earlier in the workflow, uploaded by n8n in chunks',
			},
			{
				name: 'URL',
				value: 'url',
				description: 'A public https URL TikTok downloads itself (its domain or prefix must be verified for your app)',
			},
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
		description:
			'Public https URL of the video, without redirects. Its domain or URL prefix must be verified under URL properties in the TikTok developer portal, unless "Download and Upload as File" is on.',
	},
	postModeProperty('needs video.upload', 'needs video.publish and Direct Post enabled for the app'),
	{
		displayName:
			'In draft mode TikTok accepts only the video: the creator sets caption, privacy and interaction settings in the TikTok app.',
		name: 'draftNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { mode: ['draft'] } },
	},
	{
		displayName: 'Caption',
		name: 'title',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		displayOptions: { show: { mode: ['directPost'] } },
		description:
			'The post caption, up to 2200 characters; #hashtags and @mentions are recognised by TikTok. Optional: left empty, the post has no caption.',
	},
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
				displayOptions: { show: { '/mode': ['directPost'] } },
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
				displayOptions: { show: { '/mode': ['directPost'] } },
			},
			{
				displayName: 'Disable Duet',
				name: 'disableDuet',
				type: 'boolean',
				default: true,
				description:
					'Whether duets are off for this post. TikTok\'s posting rules keep interactions off unless chosen: switch this off to allow duets (direct post only).',
				displayOptions: { show: { '/mode': ['directPost'] } },
			},
			{
				displayName: 'Disable Stitch',
				name: 'disableStitch',
				type: 'boolean',
				default: true,
				description:
					'Whether stitches are off for this post. TikTok\'s posting rules keep interactions off unless chosen: switch this off to allow stitches (direct post only).',
				displayOptions: { show: { '/mode': ['directPost'] } },
			},
			{
				displayName: 'Download and Upload as File',
				name: 'downloadAndUpload',
				type: 'boolean',
				default: false,
				description:
					'Whether n8n downloads the URL and uploads it to TikTok itself, streaming, instead of letting TikTok pull it. Use this when you cannot verify the URL\'s domain with TikTok.',
				displayOptions: { show: { '/source': ['url'] } },
			},
			directPostOptions.brandContent,
			directPostOptions.disableComment,
			directPostOptions.brandOrganic,
			...waitOptions,
		],
	},
];

const displayOptions = { show: { resource: ['post'], operation: ['createVideo'] } };

export const description = updateDisplayOptions(displayOptions, properties);

interface VideoOptions {
	isAigc?: boolean;
	brandContentToggle?: boolean;
	brandOrganicToggle?: boolean;
	chunkSize?: number;
	videoCoverTimestampMs?: number;
	/** Absent means true: interactions are off unless chosen. */
	disableComment?: boolean;
	disableDuet?: boolean;
	disableStitch?: boolean;
	downloadAndUpload?: boolean;
	waitForCompletion?: boolean;
	waitTimeout?: number;
}

/** A video ready to upload: size and type known, bytes available as a stream. */
interface PreparedVideo {
	size: number;
	container: VideoContainer;
	durationSeconds?: number;
	plan: ChunkPlan;
	/** Opens the bytes from the start; for a download, the first call reuses the open response. */
	open: () => Promise<AsyncIterable<Buffer>>;
	/** Closes what preparing left open (a download's response) if the upload never took it over. */
	release?: () => void;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const source = this.getNodeParameter('source', itemIndex) as 'binary' | 'url';
	const mode = this.getNodeParameter('mode', itemIndex) as 'directPost' | 'draft';
	const options = this.getNodeParameter('options', itemIndex, {}) as VideoOptions;
	if (options.waitForCompletion) options.waitTimeout = readWaitTimeout.call(this, itemIndex, options);

	// n8n's Retry On Fail runs the node again: continue the post started then, never start another.
	const { key, entry: previous } = findStartedPost.call(this, itemIndex, mode, await videoPostContent.call(this, itemIndex, source, mode, options));
	if (previous) {
		const resumed = await resume.call(this, previous, source, options, itemIndex);
		previous.finished = true;
		return [{ json: resumed, pairedItem: { item: itemIndex } }];
	}

	const caption = mode === 'directPost' ? validateCaption.call(this, itemIndex) : undefined;
	const privacyLevel = mode === 'directPost' ? readPrivacyLevel.call(this, itemIndex, options.brandContentToggle) : undefined;
	const pullUrl = source === 'url' && !options.downloadAndUpload;
	const videoUrl = source === 'url' ? validateVideoUrl.call(this, itemIndex, pullUrl) : undefined;

	// Everything that can be checked locally is checked before TikTok hears of the post.
	const video = pullUrl ? undefined : await prepareVideo.call(this, itemIndex, source, videoUrl, options);

	let entry: LedgerEntry;
	try {
		let creator: CreatorInfo | undefined;
		if (mode === 'directPost') {
			creator = await fetchCreatorInfo.call(this, itemIndex);
			checkAgainstCreator.call(this, itemIndex, creator, privacyLevel!, video?.durationSeconds);
		}

		const postInfo = mode === 'directPost' ? buildPostInfo(caption ?? '', privacyLevel!, options, creator!) : undefined;
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
				path: mode === 'directPost' ? '/v2/post/publish/video/init/' : '/v2/post/publish/inbox/video/init/',
				scope: mode === 'directPost' ? 'video.publish' : 'video.upload',
				body: postInfo ? { post_info: postInfo, source_info: sourceInfo } : { source_info: sourceInfo },
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
			await upload.call(this, entry, video.container, video.open, itemIndex);
		}
	} finally {
		// The download opened to check the video is closed if the upload never took it over (a refusal, a failed init).
		video?.release?.();
	}
	const json = await finish.call(this, entry, mode, source, privacyLevel, options, itemIndex, video);
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
	source: 'binary' | 'url',
	mode: 'directPost' | 'draft',
	options: VideoOptions,
): Promise<PostContent> {
	let media: string;
	let size: number | undefined;
	if (source === 'binary') {
		const propertyName = this.getNodeParameter('binaryPropertyName', itemIndex) as string;
		media = binaryIdentity(this.helpers.assertBinaryData(itemIndex, propertyName));
		size = (await openBinarySource(this, itemIndex, propertyName)).size;
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
		texts: direct ? [String(this.getNodeParameter('title', itemIndex, '') ?? '')] : [],
		privacyLevel: direct ? String(this.getNodeParameter('privacyLevel', itemIndex, '') ?? '') : undefined,
		options,
	};
}

/** The caption, or '' for none: TikTok makes it optional ("the post will not have any captions"). */
function validateCaption(this: IExecuteFunctions, itemIndex: number): string {
	const caption = readText.call(this, 'title', itemIndex, 'Caption');
	if (caption.trim() === '') return '';
	if (caption.length > MAX_CAPTION_LENGTH) {
		throw new NodeOperationError(this.getNode(), `The "Caption" is ${caption.length} characters long; TikTok allows ${MAX_CAPTION_LENGTH}`, {
			itemIndex,
			description: 'Shorten the caption.',
		});
	}
	return caption;
}

function validateVideoUrl(this: IExecuteFunctions, itemIndex: number, tikTokPulls: boolean): string {
	const raw = readText.call(this, 'videoUrl', itemIndex, 'Video URL').trim();
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		throw new NodeOperationError(this.getNode(), `"Video URL" is not a valid URL: "${raw}"`, {
			itemIndex,
			description: 'Enter the full address of the video, starting with https://',
		});
	}
	if (tikTokPulls && url.protocol !== 'https:') {
		throw new NodeOperationError(this.getNode(), '"Video URL" must start with https://', {
			itemIndex,
			description: 'TikTok downloads only from https URLs. Use an https URL, or turn on "Download and Upload as File".',
		});
	}
	if (!tikTokPulls && !['https:', 'http:'].includes(url.protocol)) {
		throw new NodeOperationError(this.getNode(), '"Video URL" must start with https:// or http://', { itemIndex });
	}
	return url.toString();
}

async function prepareVideo(
	this: IExecuteFunctions,
	itemIndex: number,
	source: 'binary' | 'url',
	videoUrl: string | undefined,
	options: VideoOptions,
): Promise<PreparedVideo> {
	const maxChunk = clampChunkSize(options.chunkSize ? options.chunkSize * 1_000_000 : undefined);
	if (source === 'binary') {
		const propertyName = readText.call(this, 'binaryPropertyName', itemIndex, 'Input Binary Field');
		const binary = await openBinarySource(this, itemIndex, propertyName);
		const plan = planOrRefuse.call(this, itemIndex, binary.size, maxChunk, `the file in "${propertyName}"`);
		const head = await readHead(await binary.open());
		const container = sniffVideoContainer(head);
		if (!container) {
			throw new NodeOperationError(this.getNode(), `The file in "${propertyName}" is ${describeFormat(head)}, not a video TikTok accepts`, {
				itemIndex,
				description: `TikTok accepts MP4 (H.264 recommended), MOV and WebM videos. Received ${binary.fileName ?? 'a file'} (${binary.mimeType}). Convert it first.`,
			});
		}
		const durationSeconds = await readVideoDuration(container, await binary.open());
		return { size: binary.size, container, durationSeconds, plan, open: binary.open };
	}
	return await prepareDownload.call(this, itemIndex, videoUrl!, maxChunk);
}

/** Streams the URL: its size from Content-Length, its type from the first bytes, nothing buffered beyond that. */
async function prepareDownload(this: IExecuteFunctions, itemIndex: number, videoUrl: string, maxChunk: number): Promise<PreparedVideo> {
	const first = await downloadVideo.call(this, itemIndex, videoUrl);
	const size = declaredLength(first.headers) ?? 0;
	if (size <= 0) {
		first.close();
		throw new NodeOperationError(this.getNode(), 'The server of "Video URL" did not say how large the video is', {
			itemIndex,
			description: 'TikTok needs the size before the upload starts, and the server sent no Content-Length. Download the file with an HTTP Request node (Response Format: File) and use Source "Binary File".',
		});
	}
	let plan: ChunkPlan;
	let container: VideoContainer | undefined;
	try {
		// The first bytes tell the format; they are put back, so the upload continues the response
		// already open (a retry of a failed chunk downloads again).
		const headBytes = await first.peek(SNIFF_BYTES);
		container = sniffVideoContainer(headBytes);
		if (!container) {
			throw new NodeOperationError(this.getNode(), `"Video URL" points to ${describeFormat(headBytes)}, not a video TikTok accepts`, {
				itemIndex,
				description: 'TikTok accepts MP4, MOV and WebM videos.',
			});
		}
		plan = planOrRefuse.call(this, itemIndex, size, maxChunk, 'the video at "Video URL"');
	} catch (error) {
		// Refused before the body was read: close the connection instead of downloading it.
		first.close();
		throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
	}
	let firstUsed = false;
	const open = async (): Promise<AsyncIterable<Buffer>> => {
		if (firstUsed) return (await downloadVideo.call(this, itemIndex, videoUrl)).stream();
		firstUsed = true;
		return first.stream();
	};
	const release = () => {
		if (!firstUsed) first.close();
		firstUsed = true;
	};
	return { size, container, plan, open, release };
}

function planOrRefuse(this: IExecuteFunctions, itemIndex: number, size: number, maxChunk: number, what: string): ChunkPlan {
	try {
		return planChunks(size, maxChunk);
	} catch (error) {
		if (error instanceof ChunkPlanError) {
			throw new NodeOperationError(this.getNode(), `TikTok cannot take ${what} (${formatBytes(size)})`, {
				itemIndex,
				description: error.message,
			});
		}
		throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
	}
}

/** TikTok's Direct Post rules: only offered privacy levels, and the creator's maximum duration. */
function checkAgainstCreator(
	this: IExecuteFunctions,
	itemIndex: number,
	creator: CreatorInfo,
	privacyLevel: string,
	durationSeconds: number | undefined,
): void {
	if (!creator.privacy_level_options.includes(privacyLevel)) {
		throw new NodeOperationError(this.getNode(), `The privacy level "${privacyLevel}" is not offered for this TikTok account`, {
			itemIndex,
			description: `TikTok offers: ${creator.privacy_level_options.join(', ')}. Pick one of them in "Privacy Level". Private accounts cannot post to Everyone.`,
		});
	}
	const max = creator.max_video_post_duration_sec;
	if (durationSeconds !== undefined && max && durationSeconds > max) {
		throw new NodeOperationError(this.getNode(), `The video is ${durationSeconds.toFixed(1)} s long; this creator may post at most ${max} s`, {
			itemIndex,
			description: 'Shorten the video, or post it as a draft.',
		});
	}
}

function buildPostInfo(caption: string, privacyLevel: string, options: VideoOptions, creator: CreatorInfo): IDataObject {
	const info: IDataObject = {
		privacy_level: privacyLevel,
		// TikTok's Direct Post rules: interactions stay off unless the user turns them on, and
		// stay off where the creator disabled them in the app.
		disable_comment: options.disableComment !== false || Boolean(creator.comment_disabled),
		disable_duet: options.disableDuet !== false || Boolean(creator.duet_disabled),
		disable_stitch: options.disableStitch !== false || Boolean(creator.stitch_disabled),
		// TikTok requires brand_content_toggle; brand_organic_toggle is ambiguous, so both are always sent.
		brand_content_toggle: Boolean(options.brandContentToggle),
		brand_organic_toggle: Boolean(options.brandOrganicToggle),
	};
	// No caption, no title: "if not specified, the post will not have any captions".
	if (caption) info.title = caption;
	if (options.videoCoverTimestampMs !== undefined && options.videoCoverTimestampMs > 0) {
		info.video_cover_timestamp_ms = Math.round(options.videoCoverTimestampMs);
	}
	if (options.isAigc) info.is_aigc = true;
	return info;
}

async function upload(
	this: IExecuteFunctions,
	entry: LedgerEntry,
	container: VideoContainer,
	open: () => Promise<AsyncIterable<Buffer>>,
	itemIndex: number,
) {
	await uploadVideoChunks.call(this, {
		uploadUrl: entry.uploadUrl!,
		publishId: entry.publishId,
		plan: entry.plan!,
		contentType: CONTAINER_MIME_TYPES[container],
		open,
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
	source: 'binary' | 'url',
	options: VideoOptions,
	itemIndex: number,
): Promise<IDataObject> {
	const mode = this.getNodeParameter('mode', itemIndex) as 'directPost' | 'draft';
	const privacyLevel = mode === 'directPost' ? (this.getNodeParameter('privacyLevel', itemIndex, '') as string) : undefined;
	if (!entry.mediaDelivered) {
		if (!entry.uploadUrl || !entry.plan || Date.now() - entry.startedAt > 55 * 60 * 1000) {
			throw new NodeOperationError(this.getNode(), `The upload of post ${entry.publishId} cannot be resumed`, {
				itemIndex,
				description: "TikTok's upload URL is valid for one hour and that has passed. Run the workflow again to start a new post.",
			});
		}
		const video = await prepareVideo.call(this, itemIndex, source, source === 'url' ? validateVideoUrl.call(this, itemIndex, false) : undefined, options);
		if (video.plan.videoSize !== entry.plan.videoSize) {
			video.release?.();
			throw new NodeOperationError(this.getNode(), `The video changed since post ${entry.publishId} was started`, {
				itemIndex,
				description: 'Run the workflow again to start a new post with the new video.',
			});
		}
		await upload.call(this, entry, video.container, video.open, itemIndex);
	}
	return await finish.call(this, entry, mode, source, privacyLevel, options, itemIndex);
}

async function finish(
	this: IExecuteFunctions,
	entry: LedgerEntry,
	mode: 'directPost' | 'draft',
	source: 'binary' | 'url',
	privacyLevel: string | undefined,
	options: VideoOptions,
	itemIndex: number,
	video?: PreparedVideo,
): Promise<IDataObject> {
	const summary: IDataObject = { mode, source };
	if (entry.plan) {
		summary.video_size = entry.plan.videoSize;
		summary.chunk_size = entry.plan.chunkSize;
		summary.total_chunk_count = entry.plan.totalChunkCount;
		summary.chunks = chunks(entry.plan).length;
	}
	if (video?.durationSeconds !== undefined) summary.duration_seconds = Math.round(video.durationSeconds * 1000) / 1000;
	if (!options.waitForCompletion) {
		return { ...publishOutput(entry.publishId, undefined), ...summary, status: 'SUBMITTED' };
	}
	// Posts public to everyone get their post ID only after moderation: keep waiting for it.
	const untilPostId = mode === 'directPost' && postIdExpected(privacyLevel);
	const waited = await waitForPublish.call(this, entry.publishId, itemIndex, options.waitTimeout ?? 300, untilPostId);
	const output = {
		...publishOutput(entry.publishId, waited.status, { username: entry.username, kind: 'video', privacyLevel: mode === 'directPost' ? privacyLevel : undefined }),
		...summary,
	};
	if (waited.status.status === 'FAILED') {
		throw new NodeOperationError(this.getNode(), `TikTok could not publish the video (${String(waited.status.fail_reason ?? 'no reason given')})`, {
			itemIndex,
			description: `${String(output.advice)} Publish ID: ${entry.publishId}.`,
		});
	}
	if (waited.timedOut) {
		output.timed_out = true;
		output.advice =
			waited.status.status === 'PUBLISH_COMPLETE'
				? 'Published; TikTok has not finished moderation yet, so there is no public post ID. Check later with Post > Get Status.'
				: `Still ${String(waited.status.status)} after ${options.waitTimeout ?? 300} s. Check later with Post > Get Status; do not post again.`;
	}
	return output;
}

