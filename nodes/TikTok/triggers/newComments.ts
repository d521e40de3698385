/**
 * Which listed comments are new since the last poll (TikTok New Comment Trigger), per video: a
 * high-water mark plus the IDs seen within a window below it, and for replies the reply count and
 * newest reply time of each top-level comment read. Pure: the node reads, this decides.
 * Design and caps: docs/architecture.md, "New Comment Trigger".
 */

/** Videos one poll watches at most (recent ones or chosen ones). */
export const MAX_VIDEOS = 20;
export const DEFAULT_RECENT_VIDEOS = 10;
/** Comments per list page (TikTok's maximum `max_count`). */
export const COMMENTS_PER_PAGE = 30;
/** Comment pages read per video and poll at most. */
export const MAX_PAGES_PER_VIDEO = 10;
/** Comment list calls per poll at most: every video's first page, then further pages while some are left. */
export const MAX_COMMENT_PAGES_PER_POLL = 30;
/** Reply list calls per poll at most (one page of 30 replies each). */
export const MAX_REPLY_PAGES_PER_POLL = 10;
/** Comments the first run can emit when asked to emit existing ones. */
export const FIRST_RUN_EMIT_LIMIT = 20;
/** How far below a video's newest comment a comment may surface (held for review, listed late) and still count as new. */
export const LATE_COMMENT_WINDOW_SECONDS = 24 * 60 * 60;
/**
 * Videos no longer watched whose state is kept (newest comments first), so a video that leaves
 * Recent Videos for a while (a newer post, deleted again) comes back known: TikTok's list cannot
 * tell a deleted video from one pushed out of the window.
 */
export const MAX_DORMANT_VIDEOS = 20;
/** Comment IDs remembered per video at most (about 30 bytes each in the workflow's static data). */
export const MAX_SEEN_PER_VIDEO = 50;

/** What the trigger remembers about one watched video. */
export interface VideoCommentState {
	/** Newest top-level create_time seen (Unix seconds); 0 while the video had no comment. */
	watermark: number;
	/** Comments older than this are never new (the window, raised when IDs were dropped for the cap). */
	floor: number;
	/** Top-level comment ID → create_time, for the comments at or above `floor`. */
	seen: Record<string, number>;
	/**
	 * Only with Include Replies: top-level comment ID → [reply count, newest reply time or -1 when
	 * not known, IDs of the replies read of that second], for the comments read last poll that had
	 * replies.
	 */
	replies?: Record<string, ReplyMark>;
	/** Only with Include Replies: comments created at or after this were all read last poll (their reply counts are known). */
	tracked?: number;
}

/** [reply count, newest reply time or -1, then the IDs of the replies read of that second]. */
export type ReplyMark = [number, number, ...string[]];

export interface NewCommentState {
	videos: Record<string, VideoCommentState>;
	/** Recent Videos: the newest video create_time listed so far (a video above it was posted since). */
	newestVideo?: number;
}

export interface ListedComment {
	id: string;
	createTime: number;
	/** Reply count TikTok listed with a top-level comment. */
	replies: number;
}

/**
 * How a video's comments are judged: `known` against its state; `newVideo` (posted since the last
 * poll): every comment is new; `baseline` (just added to the watched videos) and `firstRun`: the
 * comments only note what exists.
 */
export type VideoKind = 'known' | 'newVideo' | 'baseline' | 'firstRun';

export interface VideoRead {
	videoId: string;
	kind: VideoKind;
	/** Top-level comments read, newest first as listed. */
	comments: ListedComment[];
	/** Whether the list ended (no more pages) within what was read. */
	complete: boolean;
	/** Replies read for the comments `replyChecks` named: parent ID → replies, newest first. */
	fetchedReplies?: Record<string, ListedComment[]>;
}

export interface EmitRef {
	videoId: string;
	commentId: string;
	/** Set for a reply: the top-level comment it answers. */
	parentId?: string;
	createTime: number;
}

export interface PollOptions {
	emitExisting: boolean;
	includeReplies: boolean;
}

const EMPTY: VideoCommentState = { watermark: 0, floor: 0, seen: {} };

/** How to judge a video this poll. */
export function videoKind(
	state: NewCommentState | undefined,
	videoId: string,
	videoCreateTime?: number,
): VideoKind {
	if (state === undefined) return 'firstRun';
	if (videoId in state.videos) return 'known';
	if (
		videoCreateTime !== undefined &&
		state.newestVideo !== undefined &&
		videoCreateTime > state.newestVideo
	)
		return 'newVideo';
	return 'baseline';
}

/** Whether reading another page of a video's comments can still find new ones. */
export function wantsNextPage(
	state: NewCommentState | undefined,
	videoId: string,
	kind: VideoKind,
	read: ListedComment[],
): boolean {
	if (kind === 'newVideo') return true;
	if (kind !== 'known' || read.length === 0) return false;
	const video = state?.videos[videoId] ?? EMPTY;
	// Newest first: once the last one read is older than what the last poll saw, the rest is too.
	return read[read.length - 1].createTime >= video.watermark;
}

/** The top-level comments whose replies must be read: their reply count grew since the last poll. */
export function replyChecks(
	state: NewCommentState | undefined,
	read: Omit<VideoRead, 'fetchedReplies'>,
): string[] {
	return planVideo(state?.videos[read.videoId], read, true).checks;
}

/** Decides what to emit for what was read (newest first per video) and the next state. */
export function planPoll(
	state: NewCommentState | undefined,
	reads: VideoRead[],
	options: PollOptions & {
		newestVideo?: number;
		/** Videos TikTok refused this poll (deleted): forgotten. */
		gone?: string[];
	},
): { emit: EmitRef[]; state: NewCommentState } {
	const videos: Record<string, VideoCommentState> = {};
	let emit: EmitRef[] = [];
	const existing: EmitRef[] = [];
	for (const read of reads) {
		const plan = planVideo(state?.videos[read.videoId], read, options.includeReplies);
		videos[read.videoId] = plan.next;
		emit.push(...plan.emit);
		if (read.kind === 'firstRun' && options.emitExisting) {
			existing.push(
				...read.comments.map((comment) => ({
					videoId: read.videoId,
					commentId: comment.id,
					createTime: comment.createTime,
				})),
			);
		}
	}
	if (existing.length) {
		const latest = uniqueBy(existing)
			.sort((a, b) => b.createTime - a.createTime)
			.slice(0, FIRST_RUN_EMIT_LIMIT);
		emit = [...emit, ...latest];
	}
	// Videos not read this poll (not watched now, or not reached) keep their state, up to a cap.
	const gone = new Set(options.gone ?? []);
	const dormant = Object.entries(state?.videos ?? {})
		.filter(([id]) => !(id in videos) && !gone.has(id))
		.sort((a, b) => b[1].watermark - a[1].watermark)
		.slice(0, MAX_DORMANT_VIDEOS);
	for (const [id, video] of dormant) videos[id] = video;
	const newestVideo =
		options.newestVideo === undefined
			? undefined
			: Math.max(state?.newestVideo ?? 0, options.newestVideo);
	// Oldest first, so the workflow sees comments in the order they were written.
	emit = emit
		.map((ref, index) => ({ ref, index }))
		.sort((a, b) => a.ref.createTime - b.ref.createTime || b.index - a.index)
		.map(({ ref }) => ref);
	return {
		emit,
		state: newestVideo === undefined ? { videos } : { videos, newestVideo },
	};
}

function uniqueBy(refs: EmitRef[]): EmitRef[] {
	const seen = new Set<string>();
	return refs.filter((ref) => !seen.has(ref.commentId) && seen.add(ref.commentId));
}

interface VideoPlan {
	emit: EmitRef[];
	next: VideoCommentState;
	/** Parents whose replies must be read for this plan (empty once they were). */
	checks: string[];
}

function planVideo(
	previous: VideoCommentState | undefined,
	read: Omit<VideoRead, 'fetchedReplies'> & { fetchedReplies?: Record<string, ListedComment[]> },
	includeReplies: boolean,
): VideoPlan {
	const prev = read.kind === 'known' ? (previous ?? EMPTY) : EMPTY;
	// TikTok's cursor is an offset: a comment written between two pages lists the previous page's
	// last one again. Judged once, or its new replies would be read and emitted twice.
	const comments = [...new Map(read.comments.map((comment) => [comment.id, comment])).values()];
	const judge = read.kind === 'known' || read.kind === 'newVideo';
	const newIds = new Set<string>();
	const emit: EmitRef[] = [];
	if (judge) {
		for (const comment of comments) {
			if (comment.id in prev.seen || newIds.has(comment.id) || comment.createTime < prev.floor)
				continue;
			newIds.add(comment.id);
			emit.push({ videoId: read.videoId, commentId: comment.id, createTime: comment.createTime });
		}
	}

	const watermark = comments.reduce(
		(max, comment) => Math.max(max, comment.createTime),
		prev.watermark,
	);
	let floor = Math.max(prev.floor, watermark - LATE_COMMENT_WINDOW_SECONDS);
	if (!judge && !read.complete && comments.length > 0) {
		// Only noted, and the list went on: the comments below the oldest one read were never seen.
		// They are old, so a later poll that reads that deep must not take them for new ones.
		const oldestRead = Math.min(...comments.map((comment) => comment.createTime));
		floor = Math.max(floor, oldestRead + 1);
	}
	const merged: Record<string, number> = { ...prev.seen };
	for (const comment of comments) merged[comment.id] = comment.createTime;
	let kept = Object.entries(merged)
		.filter(([, createTime]) => createTime >= floor)
		.sort((a, b) => b[1] - a[1]);
	if (kept.length > MAX_SEEN_PER_VIDEO) {
		// IDs dropped for the cap: everything at or below their time is old from now on.
		floor = Math.max(floor, kept[MAX_SEEN_PER_VIDEO][1] + 1);
		kept = kept.filter(([, createTime]) => createTime >= floor);
	}
	const next: VideoCommentState = { watermark, floor, seen: Object.fromEntries(kept) };

	const checks: string[] = [];
	if (includeReplies) {
		const replies: Record<string, ReplyMark> = {};
		for (const comment of comments) {
			let before: ReplyMark | undefined;
			if (newIds.has(comment.id)) before = [0, -1];
			else if (read.kind === 'known' && prev.replies && comment.id in prev.replies)
				before = prev.replies[comment.id];
			else if (
				read.kind === 'known' &&
				prev.tracked !== undefined &&
				comment.createTime >= prev.tracked
			)
				before = [0, -1];
			if (before === undefined || comment.replies <= before[0]) {
				// Not known before (noted as it is now), or no reply added.
				if (comment.replies > 0) replies[comment.id] = [comment.replies, before?.[1] ?? -1];
				continue;
			}
			const fetched = read.fetchedReplies?.[comment.id];
			if (!fetched) {
				checks.push(comment.id);
				// Not read this poll (cap): judged again next poll from the same starting point.
				replies[comment.id] = before;
				continue;
			}
			const fresh = newReplies(fetched, before, comment.replies);
			for (const reply of fresh) {
				emit.push({
					videoId: read.videoId,
					commentId: reply.id,
					parentId: comment.id,
					createTime: reply.createTime,
				});
			}
			replies[comment.id] = [comment.replies, ...newestSecond(fetched, before)];
		}
		next.replies = replies;
		next.tracked =
			read.complete || comments.length === 0 ? 0 : comments[comments.length - 1].createTime;
	}
	return { emit, next, checks };
}

/**
 * The replies added since `before` = [count, newest reply time, IDs of that second]: those newer
 * than the newest seen or of its second but not seen, or, when that time is not known, the newest
 * (count now − count before) by time.
 */
function newReplies(
	fetched: ListedComment[],
	before: ReplyMark,
	countNow: number,
): ListedComment[] {
	const unique = [...new Map(fetched.map((reply) => [reply.id, reply])).values()];
	if (before[1] >= 0) {
		const seen = new Set(before.slice(2));
		// A mark without IDs (written before they were kept): only newer replies are new.
		const sameSecond = seen.size > 0;
		return unique.filter(
			(reply) =>
				reply.createTime > before[1] ||
				(sameSecond && reply.createTime === before[1] && !seen.has(reply.id)),
		);
	}
	return unique
		.sort((a, b) => b.createTime - a.createTime)
		.slice(0, Math.max(0, countNow - before[0]));
}

/** The newest reply time after reading `fetched`, and the IDs of the replies of that second seen so far. */
function newestSecond(fetched: ListedComment[], before: ReplyMark): [number, ...string[]] {
	const newest = fetched.reduce((max, reply) => Math.max(max, reply.createTime), before[1]);
	if (newest < 0) return [newest];
	const ids = new Set<string>(newest === before[1] ? (before.slice(2) as string[]) : []);
	for (const reply of fetched) if (reply.createTime === newest) ids.add(reply.id);
	return [newest, ...[...ids].slice(0, COMMENTS_PER_PAGE)];
}

/**
 * The stored state, or undefined (first run) when there is none or it is not this trigger's shape.
 * Static data can be edited by hand or come from another node of the same name: entries that are
 * not this trigger's shape are dropped instead of failing every poll.
 */
export function readState(stored: unknown): NewCommentState | undefined {
	if (!isRecord(stored) || !isRecord(stored.videos)) return undefined;
	const videos: Record<string, VideoCommentState> = {};
	for (const [id, value] of Object.entries(stored.videos)) {
		if (!isRecord(value) || !isTime(value.watermark)) continue;
		const replies = isRecord(value.replies)
			? Object.fromEntries(
					Object.entries(value.replies).filter(
						(entry): entry is [string, ReplyMark] =>
							Array.isArray(entry[1]) &&
							entry[1].length >= 2 &&
							isTime(entry[1][0]) &&
							Number.isFinite(entry[1][1]) &&
							entry[1].slice(2).every((id) => typeof id === 'string'),
					),
				)
			: undefined;
		videos[id] = {
			watermark: value.watermark,
			floor: isTime(value.floor) ? value.floor : 0,
			seen: isRecord(value.seen)
				? (Object.fromEntries(
						Object.entries(value.seen).filter(([, time]) => isTime(time)),
					) as Record<string, number>)
				: {},
			...(replies ? { replies } : {}),
			...(isTime(value.tracked) ? { tracked: value.tracked } : {}),
		};
	}
	return isTime(stored.newestVideo) ? { videos, newestVideo: stored.newestVideo } : { videos };
}

/** A Unix time or a count as stored: a finite number, not negative. */
function isTime(value: unknown): value is number {
	return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}
