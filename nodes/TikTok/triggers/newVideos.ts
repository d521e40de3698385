/**
 * Which listed videos are new since the last poll (TikTok New Video Trigger): a high-water mark
 * plus the IDs seen within a window before it. Why a window: docs/architecture.md, "New Video Trigger".
 */

/** How far below the newest upload a video may surface and still count as new. */
export const NEW_VIDEO_WINDOW_SECONDS = 48 * 60 * 60;
/**
 * At most this many IDs are remembered. TikTok caps posting at about 15 per day per creator, so
 * a 48-hour window holds far fewer; the cap only bounds the static data (about 30 bytes per ID).
 */
export const MAX_SEEN_VIDEOS = 500;
/** Videos the first run can report when asked to emit existing videos (one list page). */
export const FIRST_RUN_EMIT_LIMIT = 20;
/** Pages of 20 read per poll at most, whatever happened since the last one. */
export const MAX_PAGES_PER_POLL = 10;

export interface NewVideoState {
	/** Newest create_time seen (Unix seconds); absent before the first poll. */
	watermark?: number;
	/** Video ID → create_time, for the IDs inside the window. */
	seen?: Record<string, number>;
}

export interface ListedVideo {
	id: string;
	createTime: number;
}

export interface PollPlan {
	/** IDs to emit, oldest first. */
	newIds: string[];
	state: Required<NewVideoState>;
}

/** Whether reading further pages is pointless: the last video read is already older than needed. */
export function scanComplete(
	state: NewVideoState,
	scanned: ListedVideo[],
	emitExisting: boolean,
): boolean {
	if (scanned.length === 0) return false;
	const last = scanned[scanned.length - 1].createTime;
	if (state.watermark !== undefined) return last < state.watermark - NEW_VIDEO_WINDOW_SECONDS;
	const newest = Math.max(...scanned.map((video) => video.createTime));
	const wanted = emitExisting ? FIRST_RUN_EMIT_LIMIT : 0;
	return last < newest - NEW_VIDEO_WINDOW_SECONDS && scanned.length >= wanted;
}

/** Decides what to emit for the videos read this poll (newest first, as listed) and the next state. */
export function planPoll(
	state: NewVideoState,
	scanned: ListedVideo[],
	emitExisting: boolean,
): PollPlan {
	const firstRun = state.watermark === undefined;
	const previousSeen = state.seen ?? {};
	const newestListed = scanned.reduce((max, video) => Math.max(max, video.createTime), 0);
	const watermark = Math.max(state.watermark ?? 0, newestListed);

	let fresh: ListedVideo[];
	if (firstRun) {
		fresh = emitExisting ? scanned.slice(0, FIRST_RUN_EMIT_LIMIT) : [];
	} else {
		const floor = (state.watermark ?? 0) - NEW_VIDEO_WINDOW_SECONDS;
		const emitted = new Set<string>();
		fresh = scanned.filter((video) => {
			if (video.id in previousSeen || emitted.has(video.id) || video.createTime < floor)
				return false;
			emitted.add(video.id);
			return true;
		});
	}

	const seen: Record<string, number> = { ...previousSeen };
	for (const video of scanned) seen[video.id] = video.createTime;
	const kept = Object.entries(seen)
		.filter(([, createTime]) => createTime >= watermark - NEW_VIDEO_WINDOW_SECONDS)
		.sort((a, b) => b[1] - a[1])
		.slice(0, MAX_SEEN_VIDEOS);

	// Oldest first, so the workflow sees videos in the order they were posted.
	const newIds = [...fresh]
		.reverse()
		.sort((a, b) => a.createTime - b.createTime)
		.map((video) => video.id);
	return { newIds, state: { watermark, seen: Object.fromEntries(kept) } };
}
