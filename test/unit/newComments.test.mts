import { describe, expect, it } from 'vitest';

import {
	FIRST_RUN_EMIT_LIMIT,
	LATE_COMMENT_WINDOW_SECONDS,
	type ListedComment,
	MAX_DORMANT_VIDEOS,
	MAX_SEEN_PER_VIDEO,
	type NewCommentState,
	planPoll,
	readState,
	replyChecks,
	type VideoRead,
	videoKind,
	wantsNextPage,
} from '../../nodes/TikTok/triggers/newComments.ts';

const NOW = 1_750_000_000;
const H = 3600;
const V = '7300000000000000001';
const W = '7300000000000000002';

/** Newest first, as comment/list returns them; [id, createTime, replies]. */
const listed = (...comments: Array<[string, number, number?]>): ListedComment[] =>
	comments.map(([id, createTime, replies]) => ({ id, createTime, replies: replies ?? 0 }));
const read = (
	videoId: string,
	kind: VideoRead['kind'],
	comments: ListedComment[],
	extra: Partial<VideoRead> = {},
): VideoRead => ({ videoId, kind, comments, complete: true, ...extra });
const OFF = { emitExisting: false, includeReplies: false };
const emitted = (plan: ReturnType<typeof planPoll>) => plan.emit.map((ref) => ref.commentId);

describe('videoKind', () => {
	const state: NewCommentState = {
		videos: { [V]: { watermark: NOW, floor: 0, seen: {} } },
		newestVideo: NOW,
	};
	it.each([
		['no state yet: first run', undefined, W, undefined, 'firstRun'],
		['watched before', state, V, undefined, 'known'],
		['posted after the newest video listed so far', state, W, NOW + 1, 'newVideo'],
		['older video newly watched (more Recent Videos)', state, W, NOW - H, 'baseline'],
		['chosen video newly added (no create time)', state, W, undefined, 'baseline'],
	] as const)('%s', (_, s, id, time, kind) => {
		expect(videoKind(s, id, time)).toBe(kind);
	});
});

describe('wantsNextPage', () => {
	const state: NewCommentState = { videos: { [V]: { watermark: NOW, floor: 0, seen: {} } } };
	it.each([
		[
			'known, last read still at or above the watermark',
			'known',
			listed(['a', NOW + 5], ['b', NOW]),
			true,
		],
		[
			'known, last read below the watermark',
			'known',
			listed(['a', NOW + 5], ['b', NOW - 1]),
			false,
		],
		['new video: all its comments are new', 'newVideo', listed(['a', NOW - 10 * H]), true],
		['baseline: the first page is enough', 'baseline', listed(['a', NOW + 5]), false],
		['first run: the first page is enough', 'firstRun', listed(['a', NOW + 5]), false],
		['nothing read', 'known', [], false],
	] as const)('%s', (_, kind, comments, expected) => {
		expect(wantsNextPage(state, V, kind, [...comments])).toBe(expected);
	});
});

describe('planPoll', () => {
	it('first run: notes what exists, emits nothing', () => {
		const plan = planPoll(undefined, [read(V, 'firstRun', listed(['b', NOW], ['a', NOW - H]))], {
			...OFF,
			newestVideo: NOW - 10 * H,
		});
		expect(plan.emit).toEqual([]);
		expect(plan.state).toEqual({
			videos: {
				[V]: {
					watermark: NOW,
					floor: NOW - LATE_COMMENT_WINDOW_SECONDS,
					seen: { b: NOW, a: NOW - H },
				},
			},
			newestVideo: NOW - 10 * H,
		});
	});

	it(`first run with "emit existing": the ${FIRST_RUN_EMIT_LIMIT} newest over every video, oldest first`, () => {
		const many = (prefix: string, offset: number) =>
			listed(
				...Array.from({ length: 15 }, (_, i): [string, number] => [
					`${prefix}${i}`,
					NOW - offset - i * 120,
				]),
			);
		const plan = planPoll(
			undefined,
			[read(V, 'firstRun', many('v', 0)), read(W, 'firstRun', many('w', 60))],
			{ ...OFF, emitExisting: true },
		);
		expect(plan.emit).toHaveLength(FIRST_RUN_EMIT_LIMIT);
		const times = plan.emit.map((ref) => ref.createTime);
		expect(times).toEqual([...times].sort((a, b) => a - b));
		expect(plan.emit.at(-1)).toEqual({ videoId: V, commentId: 'v0', createTime: NOW });
		expect(emitted(plan)).toContain('w9');
		expect(emitted(plan)).not.toContain('w10');
	});

	const known: NewCommentState = {
		videos: {
			[V]: {
				watermark: NOW,
				floor: NOW - LATE_COMMENT_WINDOW_SECONDS,
				seen: { b: NOW, a: NOW - H },
			},
		},
	};

	it.each([
		['a newer comment', listed(['c', NOW + 60], ['b', NOW], ['a', NOW - H]), ['c']],
		[
			'one of the same second as the watermark, not seen',
			listed(['x', NOW], ['b', NOW], ['a', NOW - H]),
			['x'],
		],
		[
			'one listed late, inside the window',
			listed(['b', NOW], ['late', NOW - 5 * H], ['a', NOW - H]),
			['late'],
		],
		['one listed late, below the window', listed(['b', NOW], ['old', NOW - 30 * H]), []],
		['nothing new', listed(['b', NOW], ['a', NOW - H]), []],
		['a deleted comment (a gone)', listed(['b', NOW]), []],
		[
			'the same comment twice (TikTok repeats past 500)',
			listed(['c', NOW + 9], ['c', NOW + 9], ['b', NOW]),
			['c'],
		],
	] as const)('known video: %s', (_, comments, expected) => {
		const plan = planPoll(known, [read(V, 'known', [...comments])], OFF);
		expect(emitted(plan)).toEqual(expected);
		// Emitted once: the same read again emits nothing.
		expect(emitted(planPoll(plan.state, [read(V, 'known', [...comments])], OFF))).toEqual([]);
	});

	it('a new video: every comment read is new, oldest first', () => {
		const plan = planPoll(
			known,
			[
				read(W, 'newVideo', listed(['y', NOW + 120], ['x', NOW + 60])),
				read(V, 'known', listed(['b', NOW])),
			],
			{ ...OFF, newestVideo: NOW + 30 },
		);
		expect(emitted(plan)).toEqual(['x', 'y']);
		expect(plan.state.newestVideo).toBe(NOW + 30);
	});

	it('a newly watched older video (baseline) emits nothing; a video no longer polled is kept dormant, and forgotten once TikTok refuses it', () => {
		const plan = planPoll(known, [read(W, 'baseline', listed(['y', NOW + 120]))], OFF);
		expect(plan.emit).toEqual([]);
		expect(Object.keys(plan.state.videos)).toEqual([W, V]);
		expect(plan.state.videos[V]).toEqual(known.videos[V]);
		const refused = planPoll(known, [read(W, 'baseline', listed(['y', NOW + 120]))], {
			...OFF,
			gone: [V],
		});
		expect(Object.keys(refused.state.videos)).toEqual([W]);
	});

	it(`keeps at most ${MAX_DORMANT_VIDEOS} dormant videos, those with the newest comments`, () => {
		const many: NewCommentState = {
			videos: Object.fromEntries(
				Array.from({ length: 30 }, (_, i) => [
					`v${i}`,
					{ watermark: NOW + i, floor: NOW + i - 86_400, seen: { [`c${i}`]: NOW + i } },
				]),
			),
		};
		const plan = planPoll(many, [read(W, 'baseline', listed(['y', NOW + 120]))], OFF);
		expect(Object.keys(plan.state.videos)).toEqual([
			W,
			...Array.from({ length: MAX_DORMANT_VIDEOS }, (_, i) => `v${29 - i}`),
		]);
	});

	it(`keeps at most ${MAX_SEEN_PER_VIDEO} IDs per video and raises the floor past the dropped ones`, () => {
		let state: NewCommentState | undefined;
		const all: Array<[string, number]> = [];
		for (let poll = 0; poll < 20; poll++) {
			const fresh = Array.from({ length: 60 }, (_, i): [string, number] => [
				`p${poll}c${i}`,
				NOW + poll * 100 + Math.floor(i / 3), // three comments a second
			]).reverse();
			all.unshift(...fresh);
			const plan = planPoll(
				state,
				[read(V, state ? 'known' : 'firstRun', listed(...all.slice(0, 60)))],
				OFF,
			);
			if (state) expect(plan.emit).toHaveLength(60);
			state = plan.state;
			const video = state.videos[V];
			expect(Object.keys(video.seen).length).toBeLessThanOrEqual(MAX_SEEN_PER_VIDEO);
			// Nothing read again is ever emitted twice.
			expect(planPoll(state, [read(V, 'known', listed(...all.slice(0, 60)))], OFF).emit).toEqual(
				[],
			);
		}
	});

	describe('replies', () => {
		const ON = { emitExisting: false, includeReplies: true };
		const base = planPoll(
			undefined,
			[read(V, 'firstRun', listed(['b', NOW, 2], ['a', NOW - H, 0]))],
			ON,
		).state;

		it('the first run notes reply counts without reading replies', () => {
			expect(base.videos[V].replies).toEqual({ b: [2, -1] });
			expect(base.videos[V].tracked).toBe(0);
		});

		it.each([
			['no count grew', listed(['b', NOW, 2], ['a', NOW - H, 0]), []],
			['a count grew', listed(['b', NOW, 3], ['a', NOW - H, 0]), ['b']],
			['a comment without replies got one', listed(['b', NOW, 2], ['a', NOW - H, 1]), ['a']],
			['a new comment already has replies', listed(['c', NOW + 60, 1], ['b', NOW, 2]), ['c']],
			['a count fell (reply deleted)', listed(['b', NOW, 1]), []],
		] as const)('reads replies where %s', (_, comments, expected) => {
			expect(replyChecks(base, read(V, 'known', [...comments]))).toEqual(expected);
		});

		it('unknown newest reply time: the newest (growth) replies; then only replies newer than the newest seen', () => {
			const grown = read(V, 'known', listed(['b', NOW, 3], ['a', NOW - H, 0]), {
				fetchedReplies: { b: listed(['r3', NOW + 300], ['r2', NOW + 10], ['r1', NOW + 5]) },
			});
			const plan = planPoll(base, [grown], ON);
			expect(plan.emit).toEqual([
				{ videoId: V, commentId: 'r3', parentId: 'b', createTime: NOW + 300 },
			]);
			// With the IDs of the newest second's replies, so a reply of that second listed later is new.
			expect(plan.state.videos[V].replies).toEqual({ b: [3, NOW + 300, 'r3'] });
			const again = read(V, 'known', listed(['b', NOW, 5], ['a', NOW - H, 0]), {
				fetchedReplies: {
					b: listed(['r5', NOW + 500], ['r4', NOW + 400], ['r3', NOW + 300], ['r2', NOW + 10]),
				},
			});
			const next = planPoll(plan.state, [again], ON);
			expect(emitted(next)).toEqual(['r4', 'r5']);
		});

		it('replies not read this poll (cap) keep their starting point for the next poll', () => {
			const grown = read(V, 'known', listed(['b', NOW, 3], ['a', NOW - H, 0]));
			const plan = planPoll(base, [grown], ON);
			expect(plan.emit).toEqual([]);
			expect(plan.state.videos[V].replies).toEqual({ b: [2, -1] });
			expect(replyChecks(plan.state, grown)).toEqual(['b']);
		});
	});
});

describe('readState', () => {
	it.each([
		['nothing stored', {}, undefined],
		['another shape', { watermark: 5 }, undefined],
		[
			'a stored state, dropping broken entries',
			{
				videos: { [V]: { watermark: 5, floor: 1, seen: { a: 5 } }, [W]: 'broken' },
				newestVideo: 9,
			},
			{ videos: { [V]: { watermark: 5, floor: 1, seen: { a: 5 } } }, newestVideo: 9 },
		],
	] as const)('%s', (_, stored, expected) => {
		expect(readState(stored)).toEqual(expected);
	});
});
