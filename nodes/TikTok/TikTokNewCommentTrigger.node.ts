import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { CREDENTIAL_BUSINESS } from './auth/endpoints';
import { businessApiRequest, type BusinessApiResult, businessErrorCode } from './business/api';
import { toOutputComment } from './helpers/comments';
import { parseVideoIdOrUrl, VideoIdError } from './helpers/videoId';
import {
	COMMENTS_PER_PAGE,
	DEFAULT_RECENT_VIDEOS,
	FIRST_RUN_EMIT_LIMIT,
	type ListedComment,
	MAX_COMMENT_PAGES_PER_POLL,
	MAX_PAGES_PER_VIDEO,
	MAX_REPLY_PAGES_PER_POLL,
	MAX_VIDEOS,
	type NewCommentState,
	planPoll,
	readState,
	replyChecks,
	type VideoRead,
	videoKind,
	wantsNextPage,
} from './triggers/newComments';
import { DEFAULT_POLICIES, type Policies, withPolicies } from './transport/policies';
import { MAIN_CONNECTION, POLL_NEEDS, requiringN8n } from './compat/n8nVersion';

const SCOPE_COMMENTS = 'comment.list';
const SCOPE_VIDEOS = 'video.list';

interface WatchedVideo {
	id: string;
	/** Known for Recent Videos only. */
	createTime?: number;
}

export class TikTokNewCommentTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TikTok New Comment Trigger',
		name: 'tikTokNewCommentTrigger',
		icon: { light: 'file:tiktok.svg', dark: 'file:tiktok.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'New comment (Business)',
		description:
			"Starts the workflow when someone comments on the connected TikTok Business account's videos",
		defaults: { name: 'TikTok New Comment Trigger' },
		polling: true,
		inputs: [],
		outputs: [MAIN_CONNECTION],
		credentials: [{ name: CREDENTIAL_BUSINESS, required: true }],
		properties: [
			{
				displayName: `Each new comment starts the workflow once, oldest first. The first poll after activation only notes the comments already there. Needs the comment.list scope (and video.list for Recent Videos). To stay within TikTok's limit of about 40 calls a minute per endpoint, a poll reads at most ${MAX_VIDEOS} videos, ${MAX_PAGES_PER_VIDEO} pages of ${COMMENTS_PER_PAGE} comments per video (${MAX_COMMENT_PAGES_PER_POLL} in all) and ${MAX_REPLY_PAGES_PER_POLL} reply pages: on a video with more new comments between two polls, only the newest are emitted.`,
				name: 'pollNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Videos',
				name: 'videos',
				type: 'options',
				noDataExpression: true,
				default: 'recent',
				options: [
					{
						name: 'Recent Videos',
						value: 'recent',
						description: "The account's most recent videos, including ones posted later",
					},
					{
						name: 'Chosen Videos',
						value: 'chosen',
						description: 'Only the videos you list',
					},
				],
			},
			{
				displayName: 'Number of Recent Videos',
				name: 'recentVideos',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_VIDEOS },
				default: DEFAULT_RECENT_VIDEOS,
				description: `How many of the newest videos to watch (at most ${MAX_VIDEOS})`,
				displayOptions: { show: { videos: ['recent'] } },
			},
			{
				displayName: 'Video IDs or Links',
				name: 'videoIds',
				type: 'string',
				required: true,
				default: '',
				placeholder: '7300000000000000001, https://www.tiktok.com/@brand/video/7300000000000000002',
				description: `Videos of the connected account, as IDs or tiktok.com links, separated by commas (at most ${MAX_VIDEOS})`,
				displayOptions: { show: { videos: ['chosen'] } },
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Emit Existing Comments on First Run',
						name: 'emitExisting',
						type: 'boolean',
						default: false,
						description: `Whether the first poll after activation also emits the latest comments (up to ${FIRST_RUN_EMIT_LIMIT}) instead of only noting them`,
					},
					{
						displayName: 'Include Replies',
						name: 'includeReplies',
						type: 'boolean',
						default: false,
						description: `Whether new replies start the workflow too. Replies are looked for on the newest comments read each poll, up to ${COMMENTS_PER_PAGE} replies per comment.`,
					},
				],
			},
		],
	};

	readonly poll: (this: IPollFunctions) => Promise<INodeExecutionData[][] | null>;

	/** n8n constructs the node without arguments; tests pass policies with shorter waits. */
	constructor(policies: Policies = DEFAULT_POLICIES) {
		this.poll = withPolicies(policies, requiringN8n(POLL_NEEDS, pollNewComments));
	}
}

async function pollNewComments(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const options = this.getNodeParameter('options', {}) as IDataObject;
	const includeReplies = options.includeReplies === true;
	const emitExisting = options.emitExisting === true;
	const recent = this.getNodeParameter('videos', 'recent') === 'recent';
	const chosen = recent ? [] : readChosenVideos.call(this);
	const watched = recent ? await listRecentVideos.call(this) : chosen;

	// "Fetch Test Event" in the editor: show the latest comment, leave the trigger's state alone.
	if (this.getMode() === 'manual') return await latestComment.call(this, watched);

	const staticData = this.getWorkflowStaticData('node');
	const state = readState(staticData);
	const reads: VideoRead[] = [];
	const raw = new Map<string, IDataObject>();
	let pagesLeft = MAX_COMMENT_PAGES_PER_POLL - watched.length;
	let replyPagesLeft = MAX_REPLY_PAGES_PER_POLL;

	// Breadth first: every video's first page, then second pages where still needed, and so on,
	// so the shared budget goes to the busiest videos without starving the others.
	const scans = watched.map((video) => ({
		read: {
			videoId: video.id,
			kind: videoKind(state, video.id, video.createTime),
			comments: [],
			complete: false,
		} as VideoRead,
		cursor: undefined as number | undefined,
		gone: false,
		done: false,
	}));
	for (let page = 0; page < MAX_PAGES_PER_VIDEO; page++) {
		for (const scan of scans) {
			const { read } = scan;
			if (scan.done) continue;
			if (
				page > 0 &&
				(pagesLeft <= 0 || !wantsNextPage(state, read.videoId, read.kind, read.comments))
			) {
				scan.done = true;
				continue;
			}
			if (page > 0) pagesLeft--;
			// Recent Videos: the account's own list just named it, so a refusal means it is gone.
			const skipIfRefused = recent || read.kind === 'known';
			const data = await commentPage.call(this, read.videoId, scan.cursor, skipIfRefused);
			if (data === undefined) {
				scan.done = true;
				scan.gone = read.comments.length === 0;
				continue;
			}
			read.comments.push(...remember(raw, data.comments, read.videoId));
			const next = Number(data.cursor);
			if (data.has_more !== true || !Number.isFinite(next) || next === scan.cursor) {
				read.complete = true;
				scan.done = true;
				continue;
			}
			scan.cursor = next;
		}
	}
	for (const scan of scans) {
		const { read } = scan;
		if (scan.gone || (read.comments.length === 0 && !read.complete)) continue; // gone: dropped from state
		if (includeReplies) {
			for (const parentId of replyChecks(state, read)) {
				if (replyPagesLeft <= 0) break;
				replyPagesLeft--;
				const data = await replyPage.call(this, read.videoId, parentId);
				read.fetchedReplies ??= {};
				read.fetchedReplies[parentId] = remember(raw, data?.comments, read.videoId);
			}
		}
		reads.push(read);
	}

	const newestVideo = recent
		? watched.reduce((max, video) => Math.max(max, video.createTime ?? 0), 0)
		: undefined;
	// Recent Videos: a refused video is gone for good (the list will not name it again). Chosen
	// Videos: it stays known (dormant), so later polls skip it instead of failing as for a wrong ID.
	const gone = recent ? scans.filter((scan) => scan.gone).map((scan) => scan.read.videoId) : [];
	const plan = planPoll(state, reads, { emitExisting, includeReplies, newestVideo, gone });
	// Only now, every read done: a poll that fails half-way leaves the state as it was.
	const next: NewCommentState = plan.state;
	staticData.videos = next.videos as unknown as IDataObject;
	if (next.newestVideo === undefined) delete staticData.newestVideo;
	else staticData.newestVideo = next.newestVideo;
	if (plan.emit.length === 0) return null;
	return [plan.emit.map((ref) => ({ json: raw.get(ref.commentId)! }))];
}

/** Keeps each comment's output (by ID) and returns what the planner needs of it. */
function remember(
	raw: Map<string, IDataObject>,
	comments: IDataObject[] | undefined,
	videoId: string,
): ListedComment[] {
	const listed: ListedComment[] = [];
	for (const comment of comments ?? []) {
		const output = toOutputComment(comment);
		const id = String(output.comment_id ?? '');
		if (id === '') continue;
		raw.set(id, { ...output, video_id: videoId });
		listed.push({
			id,
			createTime: Number(comment.create_time) || 0,
			replies: Number(comment.replies) || 0,
		});
	}
	return listed;
}

function readChosenVideos(this: IPollFunctions): WatchedVideo[] {
	const value = this.getNodeParameter('videoIds', '') as unknown;
	const entries = (Array.isArray(value) ? value : String(value ?? '').split(/[,\s]+/))
		.map((entry) => (typeof entry === 'string' ? entry.trim() : entry))
		.filter((entry) => entry !== '' && entry !== undefined && entry !== null);
	const fail = (message: string, description: string): never => {
		throw new NodeOperationError(this.getNode(), `"Video IDs or Links": ${message}`, {
			description,
		});
	};
	if (entries.length === 0)
		fail('no video given', 'Enter the IDs or tiktok.com links of the videos to watch.');
	const ids: string[] = [];
	for (const entry of entries) {
		try {
			ids.push(parseVideoIdOrUrl(entry));
		} catch (error) {
			// parseVideoIdOrUrl throws only VideoIdError.
			const { message, fix } = error as VideoIdError;
			fail(message, fix);
		}
	}
	const unique = [...new Set(ids)];
	if (unique.length > MAX_VIDEOS)
		fail(
			`${unique.length} videos; the trigger watches at most ${MAX_VIDEOS}`,
			`Remove ${unique.length - MAX_VIDEOS}, or use Recent Videos. More would exceed TikTok's rate limit in a poll.`,
		);
	return unique.map((id) => ({ id }));
}

/** `GET business/video/list/`: the account's newest videos, one page. */
async function listRecentVideos(this: IPollFunctions): Promise<WatchedVideo[]> {
	const count = Number(this.getNodeParameter('recentVideos', DEFAULT_RECENT_VIDEOS));
	if (!Number.isInteger(count) || count < 1 || count > MAX_VIDEOS) {
		throw new NodeOperationError(
			this.getNode(),
			`"Number of Recent Videos" must be a whole number from 1 to ${MAX_VIDEOS}`,
			{ description: `Got ${String(count)}.` },
		);
	}
	const { data } = await businessApiRequest.call(this, {
		method: 'GET',
		path: 'business/video/list/',
		qs: { fields: JSON.stringify(['item_id', 'create_time']), max_count: count },
		itemIndex: 0,
		scope: SCOPE_VIDEOS,
		idempotent: true,
		operation: 'getVideos',
	});
	return ((data.videos as IDataObject[] | undefined) ?? [])
		.map((video) => ({
			id: String(video.item_id ?? ''),
			createTime: Number(video.create_time) || 0,
		}))
		.filter((video) => video.id !== '');
}

interface CommentList {
	comments?: IDataObject[];
	cursor?: unknown;
	has_more?: unknown;
}

/**
 * One page of a video's comments, newest first. A video that TikTok refuses (40002: deleted, or
 * not the account's) gives undefined when `skipIfRefused` (watched before, or just listed as one
 * of the account's recent videos: deleted since, it is dropped); a chosen video never read before
 * is an error naming it, so a wrong chosen ID is seen at activation.
 */
async function commentPage(
	this: IPollFunctions,
	videoId: string,
	cursor: number | undefined,
	skipIfRefused: boolean,
): Promise<CommentList | undefined> {
	const answer = await unlessRefused(
		newestFirst.call(this, 'getAll', {
			video_id: videoId,
			max_count: COMMENTS_PER_PAGE,
			...(cursor === undefined ? {} : { cursor }),
		}),
	);
	if (!answer.refused) return answer.data as CommentList;
	if (skipIfRefused) return undefined;
	throw new NodeOperationError(
		this.getNode(),
		`TikTok refused to list the comments of video ${videoId}`,
		{
			description: `${answer.refused.message}. The video must be one of the connected account's own videos and still exist: check "Video IDs or Links".`,
		},
	);
}

/** One page (the newest 30) of a comment's replies; undefined when the comment is gone. */
async function replyPage(
	this: IPollFunctions,
	videoId: string,
	commentId: string,
): Promise<CommentList | undefined> {
	const answer = await unlessRefused(
		newestFirst.call(this, 'getReplies', {
			video_id: videoId,
			comment_id: commentId,
			max_count: COMMENTS_PER_PAGE,
		}),
	);
	// Deleted or hidden since it was listed: its replies are no longer listed.
	return answer.refused ? undefined : (answer.data as CommentList);
}

/** The newest comment on the watched videos (one comment per video), for a manual test. */
async function latestComment(
	this: IPollFunctions,
	watched: WatchedVideo[],
): Promise<INodeExecutionData[][] | null> {
	let latest: IDataObject | undefined;
	for (const video of watched) {
		const { data } = await newestFirst.call(this, 'getAll', { video_id: video.id, max_count: 1 });
		const comment = ((data.comments as IDataObject[] | undefined) ?? [])[0];
		if (comment && (!latest || Number(comment.create_time) > Number(latest.create_time)))
			latest = { ...toOutputComment(comment), video_id: video.id };
	}
	return latest ? [[{ json: latest }]] : null;
}

/** A comment list (`getAll`) or reply list (`getReplies`) page, newest first. */
async function newestFirst(
	this: IPollFunctions,
	list: 'getAll' | 'getReplies',
	qs: IDataObject,
): Promise<BusinessApiResult> {
	return await businessApiRequest.call(this, {
		method: 'GET',
		path: list === 'getAll' ? 'business/comment/list/' : 'business/comment/reply/list/',
		qs: { ...qs, sort_field: 'create_time', sort_order: 'desc' },
		itemIndex: 0,
		scope: SCOPE_COMMENTS,
		idempotent: true,
		operation: list,
	});
}

/**
 * The call's data, or TikTok's 40002 refusal (a parameter: here the video or comment no longer
 * exists, or is not the account's). Every other failure stays a failure.
 */
async function unlessRefused(
	request: Promise<BusinessApiResult>,
): Promise<{ refused?: undefined; data: IDataObject } | { refused: Error }> {
	return await request.then(
		({ data }) => ({ data }),
		async (error: Error) =>
			businessErrorCode(error) === '40002' ? { refused: error } : await Promise.reject(error),
	);
}
