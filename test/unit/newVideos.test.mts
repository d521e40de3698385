import { describe, expect, it } from 'vitest';

import {
	FIRST_RUN_EMIT_LIMIT,
	MAX_SEEN_VIDEOS,
	NEW_VIDEO_WINDOW_SECONDS,
	planPoll,
	scanComplete,
	type ListedVideo,
} from '../../nodes/TikTok/triggers/newVideos.ts';

const H = 3600;
const NOW = 1_750_000_000;
/** Newest first, as video/list returns them. */
const listed = (...videos: Array<[string, number]>): ListedVideo[] =>
	videos.map(([id, createTime]) => ({ id, createTime }));

describe('planPoll', () => {
	it('first run: notes the videos, emits nothing', () => {
		const plan = planPoll({}, listed(['3', NOW], ['2', NOW - H], ['1', NOW - 100 * H]), false);
		expect(plan.newIds).toEqual([]);
		expect(plan.state).toEqual({ watermark: NOW, seen: { '3': NOW, '2': NOW - H } });
	});

	it('first run with "emit existing": the latest page, oldest first', () => {
		const plan = planPoll({}, listed(['3', NOW], ['2', NOW - H], ['1', NOW - 100 * H]), true);
		expect(plan.newIds).toEqual(['1', '2', '3']);
		const many = listed(
			...Array.from({ length: 30 }, (_, i): [string, number] => [`v${i}`, NOW - i * 60]),
		);
		expect(planPoll({}, many, true).newIds).toHaveLength(FIRST_RUN_EMIT_LIMIT);
	});

	it('first run on an account without videos', () => {
		expect(planPoll({}, [], false)).toEqual({ newIds: [], state: { watermark: 0, seen: {} } });
		// Any video after that is new.
		expect(planPoll({ watermark: 0, seen: {} }, listed(['1', NOW]), false).newIds).toEqual(['1']);
	});

	it('emits unseen videos once, oldest first', () => {
		const state = { watermark: NOW, seen: { '3': NOW } };
		const plan = planPoll(state, listed(['5', NOW + 2 * H], ['4', NOW + H], ['3', NOW]), false);
		expect(plan.newIds).toEqual(['4', '5']);
		expect(plan.state.watermark).toBe(NOW + 2 * H);
		expect(
			planPoll(plan.state, listed(['5', NOW + 2 * H], ['4', NOW + H], ['3', NOW]), false).newIds,
		).toEqual([]);
	});

	it('emits a video that became public late, within the window, below seen ones', () => {
		const state = { watermark: NOW, seen: { '3': NOW, '1': NOW - 5 * H } };
		const plan = planPoll(state, listed(['3', NOW], ['2', NOW - 2 * H], ['1', NOW - 5 * H]), false);
		expect(plan.newIds).toEqual(['2']);
	});

	it('never emits videos older than the window (e.g. shifted into view by a deletion)', () => {
		const state = { watermark: NOW, seen: { '3': NOW } };
		const plan = planPoll(
			state,
			listed(['3', NOW], ['old', NOW - NEW_VIDEO_WINDOW_SECONDS - 1]),
			false,
		);
		expect(plan.newIds).toEqual([]);
		expect(plan.state.seen).toEqual({ '3': NOW });
	});

	it('forgets IDs that left the window, and keeps at most the cap', () => {
		const plan = planPoll(
			{ watermark: NOW, seen: { a: NOW - 47 * H, b: NOW - 10 * H } },
			listed(['c', NOW + 2 * H]),
			false,
		);
		expect(plan.state.seen).toEqual({ b: NOW - 10 * H, c: NOW + 2 * H });
		const crowd = listed(
			...Array.from({ length: MAX_SEEN_VIDEOS + 10 }, (_, i): [string, number] => [
				`v${i}`,
				NOW + 1000 - i,
			]),
		);
		expect(
			Object.keys(planPoll({ watermark: NOW, seen: {} }, crowd, false).state.seen),
		).toHaveLength(MAX_SEEN_VIDEOS);
	});

	it('does not emit the same ID twice in one poll', () => {
		expect(
			planPoll({ watermark: NOW, seen: {} }, listed(['1', NOW], ['1', NOW]), false).newIds,
		).toEqual(['1']);
	});
});

describe('scanComplete', () => {
	it.each<[string, Parameters<typeof scanComplete>, boolean]>([
		['nothing read yet', [{ watermark: NOW }, [], false], false],
		['still inside the window', [{ watermark: NOW }, listed(['1', NOW - 47 * H]), false], false],
		['past the window', [{ watermark: NOW }, listed(['1', NOW - 49 * H]), false], true],
		[
			'first run: past the window of the newest',
			[{}, listed(['2', NOW], ['1', NOW - 49 * H]), false],
			true,
		],
		[
			'first run: past it, but "emit existing" wants a full page',
			[{}, listed(['2', NOW], ['1', NOW - 49 * H]), true],
			false,
		],
	])('%s', (_name, args, expected) => {
		expect(scanComplete(...args)).toBe(expected);
	});
});
