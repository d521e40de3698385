/**
 * FILE_UPLOAD chunk planning: how a video of a given size is cut into the chunks TikTok accepts.
 * The rules and why the plan prefers one chunk, then equal chunks: docs/architecture.md, "Chunk plan".
 */

export const MIN_CHUNK_BYTES = 5 * 1024 * 1024;
export const MAX_CHUNK_BYTES = 64_000_000;
export const MAX_SINGLE_CHUNK_BYTES = 64_000_000;
export const MAX_CHUNK_COUNT = 1000;
export const MAX_VIDEO_BYTES = 4_000_000_000;

export interface ChunkPlan {
	videoSize: number;
	/** The `chunk_size` sent to TikTok. */
	chunkSize: number;
	/** The `total_chunk_count` sent to TikTok: floor(videoSize / chunkSize). */
	totalChunkCount: number;
}

export interface PlannedChunk {
	index: number;
	/** First byte, inclusive. */
	start: number;
	/** Last byte, inclusive. */
	end: number;
	size: number;
}

export class ChunkPlanError extends Error {}

/** Clamps a chunk size a user asked for (in bytes) into TikTok's allowed range. */
export function clampChunkSize(requestedBytes: number | undefined): number {
	if (!requestedBytes || !Number.isFinite(requestedBytes)) return MAX_CHUNK_BYTES;
	return Math.min(MAX_CHUNK_BYTES, Math.max(MIN_CHUNK_BYTES, Math.floor(requestedBytes)));
}

/**
 * Plans the chunks for a video of `videoSize` bytes, no chunk larger than `maxChunkBytes`
 * (already within TikTok's range; see clampChunkSize) except as TikTok's floor rule requires.
 */
export function planChunks(videoSize: number, maxChunkBytes = MAX_CHUNK_BYTES): ChunkPlan {
	if (!Number.isSafeInteger(videoSize) || videoSize <= 0) {
		throw new ChunkPlanError('The video is empty.');
	}
	if (videoSize > MAX_VIDEO_BYTES) {
		throw new ChunkPlanError(
			`The video is ${formatBytes(videoSize)}; TikTok accepts at most 4 GB (${MAX_VIDEO_BYTES.toLocaleString('en-US')} bytes).`,
		);
	}
	if (maxChunkBytes < MIN_CHUNK_BYTES) {
		throw new ChunkPlanError(
			`Chunks must be at least ${MIN_CHUNK_BYTES.toLocaleString('en-US')} bytes (5 MB).`,
		);
	}
	const single: ChunkPlan = { videoSize, chunkSize: videoSize, totalChunkCount: 1 };
	// Below 5 MB TikTok requires one chunk; up to 64 MB one chunk is allowed and preferred.
	if (
		videoSize < MIN_CHUNK_BYTES * 2 ||
		(videoSize <= MAX_SINGLE_CHUNK_BYTES && videoSize <= maxChunkBytes)
	) {
		return single;
	}
	const wanted = Math.ceil(videoSize / Math.min(maxChunkBytes, MAX_CHUNK_BYTES));
	const count = Math.max(2, Math.min(wanted, Math.floor(videoSize / MIN_CHUNK_BYTES)));
	const chunkSize = Math.floor(videoSize / count);
	const plan: ChunkPlan = {
		videoSize,
		chunkSize,
		totalChunkCount: Math.floor(videoSize / chunkSize),
	};
	assertPlanValid(plan);
	return plan;
}

/** Checks a plan against every TikTok rule; throws a ChunkPlanError naming the broken one. */
export function assertPlanValid(plan: ChunkPlan): void {
	const { videoSize, chunkSize, totalChunkCount } = plan;
	if (totalChunkCount !== Math.floor(videoSize / chunkSize)) {
		throw new ChunkPlanError('total_chunk_count must be floor(video_size / chunk_size).');
	}
	if (totalChunkCount > MAX_CHUNK_COUNT) {
		throw new ChunkPlanError(
			`The upload would need ${totalChunkCount} chunks; TikTok accepts at most ${MAX_CHUNK_COUNT}. Use a larger chunk size.`,
		);
	}
	if (totalChunkCount === 1) {
		if (videoSize > MAX_SINGLE_CHUNK_BYTES)
			throw new ChunkPlanError('Videos over 64 MB must be uploaded in several chunks.');
		return;
	}
	// With the floor rule the last chunk is shorter than two chunks, so chunks of at most 64 MB
	// also keep it under TikTok's 128 MB limit for the last chunk.
	if (chunkSize < MIN_CHUNK_BYTES || chunkSize > MAX_CHUNK_BYTES) {
		throw new ChunkPlanError('Chunks must be between 5 MB and 64 MB.');
	}
}

/** The byte ranges to PUT, in order; the last chunk takes the trailing bytes. */
export function chunks(plan: ChunkPlan): PlannedChunk[] {
	const list: PlannedChunk[] = [];
	for (let index = 0; index < plan.totalChunkCount; index++) {
		const start = index * plan.chunkSize;
		const end = (index === plan.totalChunkCount - 1 ? plan.videoSize : start + plan.chunkSize) - 1;
		list.push({ index, start, end, size: end - start + 1 });
	}
	return list;
}

export function formatBytes(bytes: number): string {
	if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
	if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
	if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(1)} kB`;
	return `${bytes} bytes`;
}
