import { describe, expect, it } from 'vitest';

import {
	assertPlanValid,
	ChunkPlanError,
	chunks,
	clampChunkSize,
	MAX_CHUNK_BYTES,
	MIN_CHUNK_BYTES,
	planChunks,
} from '../../nodes/TikTok/helpers/chunkPlan.ts';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

describe('planChunks (TikTok media transfer rules)', () => {
	it.each([
		// [name, video size, max chunk, chunk_size, total_chunk_count, last chunk size]
		['1 MB: one chunk (mandatory under 5 MB)', 1_000_000, MAX_CHUNK_BYTES, 1_000_000, 1, 1_000_000],
		['5 MiB - 1 byte: one chunk', 5 * MiB - 1, MAX_CHUNK_BYTES, 5 * MiB - 1, 1, 5 * MiB - 1],
		['5 MiB: one chunk', 5 * MiB, MAX_CHUNK_BYTES, 5 * MiB, 1, 5 * MiB],
		[
			'64 MB (64,000,000): one chunk, the largest single chunk',
			64_000_000,
			MAX_CHUNK_BYTES,
			64_000_000,
			1,
			64_000_000,
		],
		['64 MB + 1 byte: two chunks', 64_000_001, MAX_CHUNK_BYTES, 32_000_000, 2, 32_000_001],
		['64 MiB: two chunks (over 64,000,000)', 64 * MiB, MAX_CHUNK_BYTES, 32 * MiB, 2, 32 * MiB],
		['129 MB: three equal chunks', 129_000_000, MAX_CHUNK_BYTES, 43_000_000, 3, 43_000_000],
		[
			'1 GiB: 17 chunks, last one 13 bytes longer',
			GiB,
			MAX_CHUNK_BYTES,
			63_161_283,
			17,
			63_161_296,
		],
		['4 GB: 63 chunks', 4_000_000_000, MAX_CHUNK_BYTES, 63_492_063, 63, 63_492_094],
		['TikTok doc example with 10 MB chunks', 50_000_123, 10_000_000, 8_333_353, 6, 8_333_358],
		['20 MB with 8 MB chunks', 20_000_000, 8_000_000, 6_666_666, 3, 6_666_668],
		[
			'11 MB with minimum chunks: never below 5 MiB',
			11_000_000,
			MIN_CHUNK_BYTES,
			5_500_000,
			2,
			5_500_000,
		],
		[
			'9 MB cannot be split into two 5 MiB chunks: one chunk',
			9_000_000,
			MIN_CHUNK_BYTES,
			9_000_000,
			1,
			9_000_000,
		],
	])('%s', (_name, size, maxChunk, chunkSize, count, lastSize) => {
		const plan = planChunks(size, maxChunk);
		expect(plan).toEqual({ videoSize: size, chunkSize, totalChunkCount: count });
		// TikTok's own rule: the count is floor(size / chunk_size).
		expect(plan.totalChunkCount).toBe(Math.floor(size / plan.chunkSize));
		const list = chunks(plan);
		expect(list).toHaveLength(count);
		expect(list[count - 1].size).toBe(lastSize);
		expect(list[count - 1].end).toBe(size - 1);
		expect(list.reduce((sum, c) => sum + c.size, 0)).toBe(size);
		for (let i = 1; i < list.length; i++) expect(list[i].start).toBe(list[i - 1].end + 1);
		expect(() => assertPlanValid(plan)).not.toThrow();
	});

	it('keeps memory at one chunk: no chunk exceeds the requested size by more than the stray bytes', () => {
		for (const size of [
			64_000_001,
			100_000_000,
			777_777_777,
			GiB,
			2 * GiB + 12345,
			4_000_000_000,
		]) {
			const plan = planChunks(size);
			const biggest = Math.max(...chunks(plan).map((c) => c.size));
			expect(biggest).toBeLessThanOrEqual(MAX_CHUNK_BYTES + plan.totalChunkCount);
		}
	});

	it.each([
		['over 4 GB', 4_000_000_001, MAX_CHUNK_BYTES, 'TikTok accepts at most 4 GB'],
		['4 GiB', 4 * GiB, MAX_CHUNK_BYTES, 'TikTok accepts at most 4 GB'],
		['an empty file', 0, MAX_CHUNK_BYTES, 'The video is empty.'],
		['a chunk size under 5 MiB', 100_000_000, 1_000_000, 'Chunks must be at least'],
	])('refuses %s', (_name, size, maxChunk, message) => {
		expect(() => planChunks(size, maxChunk)).toThrow(ChunkPlanError);
		expect(() => planChunks(size, maxChunk)).toThrow(message);
	});

	it.each([
		[
			'over 1000 chunks',
			{ videoSize: 3_000_000_000, chunkSize: 2_000_000, totalChunkCount: 1500 },
			'at most 1000',
		],
		[
			'a count that is not floor(size / chunk)',
			{ videoSize: 100_000_000, chunkSize: 40_000_000, totalChunkCount: 3 },
			'floor',
		],
		[
			'a single chunk over 64 MB',
			{ videoSize: 70_000_000, chunkSize: 70_000_000, totalChunkCount: 1 },
			'several chunks',
		],
		[
			'chunks over 64 MB',
			{ videoSize: 200_000_000, chunkSize: 100_000_000, totalChunkCount: 2 },
			'between 5 MB and 64 MB',
		],
	])('rejects a plan with %s', (_name, plan, message) => {
		expect(() => assertPlanValid(plan)).toThrow(message);
	});

	it('never needs a last chunk over 128 MB: with floor and chunks of at most 64 MB it stays under two chunks', () => {
		const plan = { videoSize: 250_000_000, chunkSize: MAX_CHUNK_BYTES, totalChunkCount: 3 };
		expect(() => assertPlanValid(plan)).not.toThrow();
		expect(chunks(plan)[2].size).toBe(122_000_000);
	});

	it('clamps a user chunk size into 5 MiB..64 MB', () => {
		expect(clampChunkSize(undefined)).toBe(MAX_CHUNK_BYTES);
		expect(clampChunkSize(1)).toBe(MIN_CHUNK_BYTES);
		expect(clampChunkSize(10_000_000)).toBe(10_000_000);
		expect(clampChunkSize(500_000_000)).toBe(MAX_CHUNK_BYTES);
	});
});
