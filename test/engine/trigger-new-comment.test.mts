/**
 * TikTok New Comment Trigger through n8n-core's real PollContext and PollTriggerExecutor, with the
 * workflow's static data persisted like n8n does, against the strict fake TikTok API for Business.
 */
import type { IDataObject, INodeCredentialsDetails, INodeParameters } from 'n8n-workflow';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { FakeBusinessComment } from '../fake/business.mts';
import type { RecordedRequest } from '../fake/tiktok.mts';
import {
	expectBusinessCall,
	expectedComment,
	storeBusinessCredential,
} from '../harness/business.mts';
import { createTikTokTestEnv, type TikTokTestEnv } from '../harness/tiktok-env.mts';
import {
	NEW_COMMENT_TRIGGER_NODE_TYPE,
	restartTriggerN8n,
	startTriggerN8n,
	type TriggerN8n,
	type TriggerRun,
} from '../harness/trigger.mts';

const BUSINESS_ID = '-000BusinessOpenIdOfTheBrand';
const SCOPES = ['comment.list', 'video.list'];
const COMMENT_LIST = '/open_api/v1.3/business/comment/list/';
const REPLY_LIST = '/open_api/v1.3/business/comment/reply/list/';
const VIDEO_LIST = '/open_api/v1.3/business/video/list/';

describe('TikTok New Comment Trigger (polling)', () => {
	let env: TikTokTestEnv;
	let n8n: TriggerN8n;
	let credentials: { tikTokBusinessOAuth2Api: INodeCredentialsDetails };
	let videos: string[];
	let clock: number;

	beforeEach(async () => {
		env = await createTikTokTestEnv();
		n8n = await startTriggerN8n(env.store);
		credentials = await storeBusinessCredential(env, { scopes: SCOPES });
		videos = env.fake.business.seedVideos(3);
		for (const id of videos) env.fake.business.seedVideo(id, 4);
		clock = Math.max(...env.fake.business.comments.map((c) => c.create_time));
	});
	afterEach(async () => await env.stop());

	/** Someone comments now (each call a minute later), or replies to `parentId`. */
	const comment = (videoId: string, text = 'Love it', parentId?: string): FakeBusinessComment => {
		const added = env.fake.business.addComment(videoId, { text, parentId });
		clock += 60;
		added.create_time = clock;
		return added;
	};
	const activate = async (parameters: INodeParameters = {}, workflowId = 'wf-comments') =>
		await n8n.activatePoller({
			nodeType: NEW_COMMENT_TRIGGER_NODE_TYPE,
			parameters,
			credentials,
			workflowId,
		});
	const ids = (runs: TriggerRun[]) =>
		runs.flatMap((run) => run.items.map((item) => item.json.comment_id));
	const output = (c: FakeBusinessComment) => ({
		json: { ...expectedComment(env.fake, c), video_id: c.video_id },
		pairedItem: { item: 0 },
	});
	const stored = (workflowId = 'wf-comments') => n8n.database.nodeData(workflowId, 'Trigger');
	const since = (path: string, before: number): RecordedRequest[] =>
		env.fake.requestsTo(path).slice(before);
	const counts = () => ({
		videos: env.fake.requestsTo(VIDEO_LIST).length,
		comments: env.fake.requestsTo(COMMENT_LIST).length,
		replies: env.fake.requestsTo(REPLY_LIST).length,
	});

	it('notes existing comments on activation, then emits each new comment once, with exact requests', async () => {
		const poller = await activate();
		expect(poller.errors).toEqual([]);
		expect(poller.executions).toEqual([]);

		const [list] = env.fake.requestsTo(VIDEO_LIST);
		expectBusinessCall(list, 'GET', 'business/video/list/');
		expect(list.query).toEqual({
			business_id: BUSINESS_ID,
			fields: '["item_id","create_time"]',
			max_count: '10',
		});
		const pages = env.fake.requestsTo(COMMENT_LIST);
		for (const page of pages) expectBusinessCall(page, 'GET', 'business/comment/list/');
		// Newest video first, one page each: every list ended within it.
		expect(pages.map((r) => r.query)).toEqual(
			videos.map((id) => ({
				business_id: BUSINESS_ID,
				video_id: id,
				sort_field: 'create_time',
				sort_order: 'desc',
				max_count: '30',
			})),
		);
		expect(counts()).toEqual({ videos: 1, comments: 3, replies: 0 });
		expect(Object.keys((stored()?.videos ?? {}) as IDataObject).sort()).toEqual([...videos].sort());

		expect(await poller.tick()).toEqual([]);

		const first = comment(videos[1], 'First!');
		const runs = await poller.tick();
		expect(runs).toHaveLength(1);
		expect(runs[0].mode).toBe('trigger');
		expect(runs[0].error).toBeUndefined();
		expect(runs[0].items).toEqual([output(first)]);
		expect(runs[0].items[0].json).toMatchObject({
			comment_id: first.comment_id,
			video_id: videos[1],
			text: 'First!',
			create_time: String(first.create_time),
		});
		expect(await poller.tick()).toEqual([]);

		// Two on one video and one on another: one execution, oldest first.
		const a = comment(videos[2], 'A');
		const b = comment(videos[0], 'B');
		const c = comment(videos[2], 'C');
		const both = await poller.tick();
		expect(both).toHaveLength(1);
		expect(ids(both)).toEqual([a.comment_id, b.comment_id, c.comment_id]);
		expect(await poller.tick()).toEqual([]);
		expect(poller.errors).toEqual([]);
	});

	it('emits each new comment once across an n8n restart (static data persisted)', async () => {
		const poller = await activate();
		const before = comment(videos[0]);
		expect(ids(await poller.tick())).toEqual([before.comment_id]);
		poller.deactivate();

		// Written while n8n was down.
		const during = comment(videos[2]);
		n8n = await restartTriggerN8n(n8n);
		const again = await activate();
		// n8n polls once when it reactivates the workflow at startup: only the comment written meanwhile.
		expect(ids(again.executions)).toEqual([during.comment_id]);
		expect(await again.tick()).toEqual([]);

		n8n = await restartTriggerN8n(n8n);
		const third = await activate();
		expect(third.executions).toEqual([]);
		expect(await third.tick()).toEqual([]);
	});

	it('a comment written in the same second as one already emitted is still emitted, once', async () => {
		const poller = await activate();
		const first = comment(videos[0]);
		expect(ids(await poller.tick())).toEqual([first.comment_id]);
		// Listed only now, with the same create_time (TikTok's times are whole seconds).
		const twin = env.fake.business.addComment(videos[0], { text: 'Same second' });
		twin.create_time = first.create_time;
		expect(ids(await poller.tick())).toEqual([twin.comment_id]);
		expect(await poller.tick()).toEqual([]);
	});

	it('a comment listed late (held for review) within 24 hours is emitted; older ones are not', async () => {
		const poller = await activate();
		const newer = comment(videos[0]);
		expect(ids(await poller.tick())).toEqual([newer.comment_id]);
		const late = env.fake.business.addComment(videos[0], { text: 'Approved after review' });
		late.create_time = newer.create_time - 3 * 3600;
		const ancient = env.fake.business.addComment(videos[0], { text: 'From last month' });
		ancient.create_time = newer.create_time - 30 * 86_400;
		expect(ids(await poller.tick())).toEqual([late.comment_id]);
		expect(await poller.tick()).toEqual([]);
	});

	it('"Emit Existing Comments on First Run" emits the latest comments (at most 20), oldest first, then only new ones', async () => {
		for (const id of videos) env.fake.business.seedVideo(id, 10);
		const poller = await activate({ options: { emitExisting: true } });
		const latest = [...env.fake.business.comments]
			.sort((a, b) => b.create_time - a.create_time)
			.slice(0, 20)
			.reverse();
		expect(poller.executions).toHaveLength(1);
		expect(poller.executions[0].items.map((item) => item.json)).toEqual(
			latest.map((c) => output(c).json),
		);
		expect(await poller.tick()).toEqual([]);
		const fresh = comment(videos[1]);
		expect(ids(await poller.tick())).toEqual([fresh.comment_id]);
	});

	it("in a manual test run emits the latest comment and leaves the trigger's state alone", async () => {
		const latest = comment(videos[2], 'Newest of all');
		const run = await n8n.runManually(NEW_COMMENT_TRIGGER_NODE_TYPE, {
			parameters: {},
			credentials,
			workflowId: 'wf-comments',
		});
		expect(run.error).toBeUndefined();
		expect(run.items).toEqual([
			{ json: { ...expectedComment(env.fake, latest), video_id: videos[2] } },
		]);
		expect(env.fake.requestsTo(COMMENT_LIST).map((r) => r.query.max_count)).toEqual([
			'1',
			'1',
			'1',
		]);
		expect(stored()).toBeUndefined();
		const poller = await activate();
		expect(poller.executions).toEqual([]);
	});

	it('Chosen Videos: watches only those (IDs or links), without listing videos', async () => {
		const link = `https://www.tiktok.com/@demo.brand/video/${videos[2]}?is_from_webapp=1`;
		const poller = await activate({ videos: 'chosen', videoIds: `${videos[0]}, ${link}` });
		expect(poller.errors).toEqual([]);
		expect(counts()).toEqual({ videos: 0, comments: 2, replies: 0 });
		expect(env.fake.requestsTo(COMMENT_LIST).map((r) => r.query.video_id)).toEqual([
			videos[0],
			videos[2],
		]);
		comment(videos[1], 'Not watched');
		const watched = comment(videos[2], 'Watched');
		expect(ids(await poller.tick())).toEqual([watched.comment_id]);
	});

	it('Chosen Videos: a watched video deleted later is skipped at every poll, the others still emit', async () => {
		const poller = await activate({ videos: 'chosen', videoIds: `${videos[0]}, ${videos[1]}` });
		env.fake.business.videoDetails.delete(videos[1]);
		env.fake.business.videos.delete(videos[1]);
		const first = comment(videos[0], 'Still here');
		expect(ids(await poller.tick())).toEqual([first.comment_id]);
		const second = comment(videos[0], 'And again');
		expect(ids(await poller.tick())).toEqual([second.comment_id]);
		expect(poller.errors).toEqual([]);
	});

	it('Chosen Videos: a bad entry is refused before any call, naming the parameter', async () => {
		const run = await n8n.runManually(NEW_COMMENT_TRIGGER_NODE_TYPE, {
			parameters: { videos: 'chosen', videoIds: `${videos[0]}, https://vm.tiktok.com/ZMabc/` },
			credentials,
		});
		expect(run.error?.message).toMatch(/^"Video IDs or Links": .*short link/);
		const many = Array.from({ length: 21 }, (_, i) =>
			String(7_300_000_000_000_000_001n + BigInt(i)),
		);
		const tooMany = await n8n.runManually(NEW_COMMENT_TRIGGER_NODE_TYPE, {
			parameters: { videos: 'chosen', videoIds: many.join(',') },
			credentials,
		});
		expect(tooMany.error?.message).toBe(
			'"Video IDs or Links": 21 videos; the trigger watches at most 20',
		);
		expect(counts()).toEqual({ videos: 0, comments: 0, replies: 0 });
	});

	it("Chosen Videos: a video that is not the account's fails activation, naming it", async () => {
		await expect(activate({ videos: 'chosen', videoIds: '7300000000000000999' })).rejects.toThrow(
			'TikTok refused to list the comments of video 7300000000000000999',
		);
		expect(stored()).toBeUndefined();
	});

	it('a newly posted video joins Recent Videos and its comments are new; a deleted one is no longer read', async () => {
		const poller = await activate();
		const [posted] = env.fake.business.seedVideos(1);
		env.fake.business.videoDetails.get(posted)!.create_time = 1_732_000_000 + 3600;
		const onNew = [comment(posted, 'Early bird'), comment(posted, 'Second')];
		expect(ids(await poller.tick())).toEqual(onNew.map((c) => c.comment_id));
		expect(Object.keys((stored()?.videos ?? {}) as IDataObject)).toContain(posted);

		// Deleted: gone from the list. TikTok cannot tell that from a video pushed out of the newest
		// ones, so the trigger keeps its state dormant (bounded) and polls the others as before.
		env.fake.business.videoDetails.delete(posted);
		env.fake.business.videos.delete(posted);
		const later = comment(videos[0]);
		expect(ids(await poller.tick())).toEqual([later.comment_id]);
		expect(env.fake.requestsTo(COMMENT_LIST).at(-1)?.query.video_id).not.toBe(posted);
		expect(poller.errors).toEqual([]);
	});

	it('a video deleted between listing and reading is skipped, the others still read', async () => {
		const poller = await activate();
		const fresh = comment(videos[2]);
		env.fake.beforeHandle = (request) => {
			// The video list still names it; by the time its comments are asked, it is gone.
			if (request.path === COMMENT_LIST && request.query.video_id === videos[0])
				env.fake.business.videos.delete(videos[0]);
		};
		expect(ids(await poller.tick())).toEqual([fresh.comment_id]);
		expect(poller.errors).toEqual([]);
		expect(Object.keys((stored()?.videos ?? {}) as IDataObject)).not.toContain(videos[0]);
	});

	it('caps a poll: at most 20 videos and 30 comment pages, so it stays under 40 calls a minute', async () => {
		const many = env.fake.business.seedVideos(20);
		const poller = await activate({ recentVideos: 20 });
		expect(poller.errors).toEqual([]);
		const start = counts();
		expect(start).toEqual({ videos: 1, comments: 20, replies: 0 });
		expect(env.fake.requestsTo(VIDEO_LIST)[0].query.max_count).toBe('20');

		// A flood: 70 new comments on each of the 20 watched videos.
		const watched = env.fake.requestsTo(COMMENT_LIST).map((r) => r.query.video_id);
		for (const id of watched) for (let i = 0; i < 70; i++) comment(id, `Flood ${i}`);
		const [run] = await poller.tick();
		const after = counts();
		expect(after.videos - start.videos).toBe(1);
		expect(after.comments - start.comments).toBe(30);
		expect(after.comments - start.comments).toBeLessThanOrEqual(40);
		// 20 first pages and 10 second pages: the newest 30 or 60 comments of each video.
		expect(run.items).toHaveLength(20 * 30 + 10 * 30);
		expect(new Set(ids([run])).size).toBe(run.items.length);
		expect(many).toHaveLength(20);
		// Nothing emitted twice afterwards.
		expect(await poller.tick()).toEqual([]);
	});

	it('a viral video: 250 new comments on one chosen video between two polls are all emitted, once, in one poll', async () => {
		const poller = await activate({ videos: 'chosen', videoIds: videos[0] });
		const before = counts().comments;
		const added = Array.from({ length: 250 }, (_, i) => comment(videos[0], `Viral ${i}`));
		const [run] = await poller.tick();
		// 250 new + the 4 already seen: 9 pages of 30, every one within the poll's budget of 30.
		expect(counts().comments - before).toBe(9);
		expect(run.items.map((item) => item.json)).toEqual(added.map((c) => output(c).json));
		expect(await poller.tick()).toEqual([]);
	});

	it('keeps its memory bounded with thousands of comments', async () => {
		const many = env.fake.business.seedVideos(20);
		const poller = await activate({ recentVideos: 20, options: { includeReplies: true } });
		const watched = env.fake.requestsTo(COMMENT_LIST).map((r) => r.query.video_id);
		for (let round = 0; round < 5; round++) {
			for (const id of watched) for (let i = 0; i < 40; i++) comment(id, `Round ${round} ${i}`);
			const runs = await poller.tick();
			expect(runs).toHaveLength(1);
		}
		expect(env.fake.business.comments.length).toBeGreaterThan(4000);
		const state = stored() as { videos: Record<string, { seen: object; replies?: object }> };
		expect(Object.keys(state.videos)).toHaveLength(20);
		for (const video of Object.values(state.videos)) {
			expect(Object.keys(video.seen).length).toBeLessThanOrEqual(50);
			expect(Object.keys(video.replies ?? {}).length).toBeLessThanOrEqual(60);
		}
		expect(JSON.stringify(state).length).toBeLessThan(60_000);
		expect(many).toHaveLength(20);
	});

	it('Include Replies: emits new replies once, reading replies only where the count grew', async () => {
		const poller = await activate({ options: { includeReplies: true } });
		// The first poll reads no replies: it only notes the counts.
		expect(counts().replies).toBe(0);
		const [parent] = env.fake.business.topLevel(videos[1]);
		const reply = comment(videos[1], 'Agreed', parent.comment_id);
		const before = counts().replies;
		const [run] = await poller.tick();
		expect(run.items).toEqual([output(reply)]);
		expect(run.items[0].json.parent_comment_id).toBe(parent.comment_id);
		const calls = since(REPLY_LIST, before);
		expect(calls).toHaveLength(1);
		expectBusinessCall(calls[0], 'GET', 'business/comment/reply/list/');
		expect(calls[0].query).toEqual({
			business_id: BUSINESS_ID,
			video_id: videos[1],
			comment_id: parent.comment_id,
			sort_field: 'create_time',
			sort_order: 'desc',
			max_count: '30',
		});
		expect(await poller.tick()).toEqual([]);
		expect(counts().replies).toBe(before + 1);

		// A new comment and a reply to it in the same interval: both, oldest first.
		const top = comment(videos[0], 'Question?');
		const answer = comment(videos[0], 'Answer', top.comment_id);
		const second = comment(videos[1], 'Me too', parent.comment_id);
		expect(ids(await poller.tick())).toEqual([
			top.comment_id,
			answer.comment_id,
			second.comment_id,
		]);
		expect(await poller.tick()).toEqual([]);
	});

	it('Include Replies: an existing comment with replies gets one more: only the new reply', async () => {
		const seeded = env.fake.business.seedVideo(videos[0], 2, { repliesPerComment: 3 });
		const poller = await activate({ options: { includeReplies: true } });
		const reply = comment(videos[0], 'Late reply', seeded[0].comment_id);
		expect(ids(await poller.tick())).toEqual([reply.comment_id]);
		expect(await poller.tick()).toEqual([]);
	});

	it('a rate limit mid-poll fails the poll; the next poll emits everything once', async () => {
		const poller = await activate();
		const early = comment(videos[2], 'Before the limit');
		const late = comment(videos[0], 'On the limited video');
		let limited = 0;
		env.fake.beforeHandle = (request) => {
			// The third video's list stays rate limited through every retry of this poll.
			if (request.path === COMMENT_LIST && request.query.video_id === videos[2] && limited < 4) {
				limited++;
				env.fake.injectFault(
					'GET',
					COMMENT_LIST,
					1,
					env.fake.business.answer(40100, 'App reaches the QPS limit.'),
				);
			}
		};
		const failed = await poller.tick();
		expect(failed).toEqual([]);
		expect(poller.errors).toHaveLength(1);
		expect(poller.errors[0].message).toMatch(/40100/);
		expect(limited).toBe(4);

		env.fake.beforeHandle = undefined;
		const [run] = await poller.tick();
		expect(ids([run])).toEqual([early.comment_id, late.comment_id]);
		expect(await poller.tick()).toEqual([]);
	});

	it("a business_id that is not the token's account, or a missing scope, fails activation with the scope named", async () => {
		const noScope = await storeBusinessCredential(env, { scopes: ['comment.list'] });
		credentials = noScope;
		await expect(activate({}, 'wf-no-scope')).rejects.toThrow(/no permission.*40001/);
		try {
			await activate({}, 'wf-no-scope-2');
		} catch (error) {
			expect((error as { description?: string }).description).toMatch(
				/needs the video\.list scope\. The credential's token was granted only: comment\.list/,
			);
		}
		expect(stored('wf-no-scope')).toBeUndefined();

		// A stored token of the brand, with another account's ID beside it.
		const tokens = env.fake.business.grantTokens(SCOPES);
		credentials = {
			tikTokBusinessOAuth2Api: await env.store.add(
				'tikTokBusinessOAuth2Api',
				{
					appId: env.fake.business.appId,
					appSecret: env.fake.business.appSecret,
					refreshToken: tokens.refreshToken,
					accessToken: tokens.accessToken,
					businessId: '-000SomeoneElse',
					expiresAt: Date.now() + 3_600_000,
				},
				'Mixed-up credential',
			),
		};
		await expect(activate({}, 'wf-other')).rejects.toThrow(
			'TikTok says this app has no permission for that (40001)',
		);
		expect(env.fake.requestsTo(VIDEO_LIST).at(-1)?.query.business_id).toBe('-000SomeoneElse');
		expect(stored('wf-other')).toBeUndefined();
	});

	it('review: a reply written in the same second as the last emitted reply is still emitted, once', async () => {
		const poller = await activate({ options: { includeReplies: true } });
		const [parent] = env.fake.business.topLevel(videos[0]);
		const first = comment(videos[0], 'First reply', parent.comment_id);
		expect(ids(await poller.tick())).toEqual([first.comment_id]);
		// Listed only now, with the same create_time (TikTok's times are whole seconds).
		const twin = env.fake.business.addComment(videos[0], {
			text: 'Same second',
			parentId: parent.comment_id,
		});
		twin.create_time = first.create_time;
		expect(ids(await poller.tick())).toEqual([twin.comment_id]);
		expect(await poller.tick()).toEqual([]);
	});

	it('review: hand-edited or damaged static data does not crash the poll', async () => {
		const seeded = env.fake.business.seedVideo(videos[0], 1, { repliesPerComment: 2 });
		const parent = seeded[0];
		n8n.database.saveById('wf-comments', {
			'node:Trigger': {
				videos: {
					[videos[0]]: {
						watermark: clock,
						seen: { [parent.comment_id]: 'yesterday' },
						replies: { [parent.comment_id]: null },
					},
					[videos[1]]: 'garbage',
				},
				newestVideo: 'soon',
			},
		});
		const poller = await activate({ options: { includeReplies: true } });
		expect(poller.errors).toEqual([]);
		const reply = comment(videos[0], 'After the edit', parent.comment_id);
		const runs = await poller.tick();
		expect(poller.errors).toEqual([]);
		expect(ids(runs)).toContain(reply.comment_id);
		expect(await poller.tick()).toEqual([]);
	});

	it('review: Recent Videos: a newly posted video TikTok refuses (deleted right away) is skipped, not a failed poll', async () => {
		const poller = await activate();
		const [posted] = env.fake.business.seedVideos(1);
		env.fake.business.videoDetails.get(posted)!.create_time = 1_732_000_000 + 3600;
		const meanwhile = comment(videos[1], 'On an older video');
		env.fake.beforeHandle = (request) => {
			// Listed, then deleted by its author before its comments are read.
			if (request.path === COMMENT_LIST && request.query.video_id === posted)
				env.fake.business.videos.delete(posted);
		};
		const runs = await poller.tick();
		expect(poller.errors.map((error) => error.message)).toEqual([]);
		expect(ids(runs)).toEqual([meanwhile.comment_id]);
	});

	it('review: Recent Videos: activation succeeds when a listed video is refused (deleted between listing and reading)', async () => {
		env.fake.beforeHandle = (request) => {
			if (request.path === COMMENT_LIST && request.query.video_id === videos[1])
				env.fake.business.videos.delete(videos[1]);
		};
		const poller = await activate();
		expect(poller.errors).toEqual([]);
		env.fake.beforeHandle = undefined;
		const fresh = comment(videos[0]);
		expect(ids(await poller.tick())).toEqual([fresh.comment_id]);
	});

	it('review: a video pushed out of Recent Videos for one poll comes back known: comments on it are not lost', async () => {
		const poller = await activate({ recentVideos: 3 });
		// A video posted by mistake pushes the oldest watched one out of the newest three...
		const [mistake] = env.fake.business.seedVideos(1);
		env.fake.business.videoDetails.get(mistake)!.create_time = 1_732_000_000 + 3600;
		const oldest = videos[2];
		const onOldest = comment(oldest, 'Written while the mistake was up');
		expect(await poller.tick()).toEqual([]);
		// ...and is deleted: the oldest one is back among the newest three.
		env.fake.business.videoDetails.delete(mistake);
		env.fake.business.videos.delete(mistake);
		const again = comment(oldest, 'After the mistake was deleted');
		expect(ids(await poller.tick())).toEqual([onOldest.comment_id, again.comment_id]);
	});
	it('review: Include Replies: a comment listed again on the next page (a comment written between the pages shifted the offset) has its new reply emitted once', async () => {
		const poller = await activate({
			videos: 'chosen',
			videoIds: videos[0],
			options: { includeReplies: true },
		});
		const parent = comment(videos[0], 'Parent');
		const reply = comment(videos[0], 'Reply', parent.comment_id);
		const newer = Array.from({ length: 29 }, (_, i) => comment(videos[0], `Newer ${i}`));
		// The parent ends the first page; a comment written before the second page is read shifts
		// TikTok's offset cursor by one, so the second page starts with the parent again.
		let late: FakeBusinessComment | undefined;
		env.fake.beforeHandle = (request) => {
			if (request.path === COMMENT_LIST && request.query.cursor !== undefined && !late)
				late = comment(videos[0], 'Written between the pages');
		};
		const runs = await poller.tick();
		env.fake.beforeHandle = undefined;
		expect(late).toBeDefined();
		expect(ids(runs)).toEqual([
			parent.comment_id,
			reply.comment_id,
			...newer.map((c) => c.comment_id),
		]);
		expect(ids(await poller.tick())).toEqual([late!.comment_id]);
	});
	it('review: comments older than the first page at activation are not emitted when new ones end a page on the newest one noted', async () => {
		// 60 comments within the last hour, a minute apart: activation notes the newest 30 (one page).
		env.fake.business.seedVideo(videos[0], 56);
		const poller = await activate({ videos: 'chosen', videoIds: videos[0] });
		// 29 new comments: the first page ends with the newest comment noted at activation, so the
		// trigger reads a second page, which ends with the 31st comment, never noted.
		const added = Array.from({ length: 29 }, (_, i) => comment(videos[0], `New ${i}`));
		expect(ids(await poller.tick())).toEqual(added.map((c) => c.comment_id));
		expect(await poller.tick()).toEqual([]);
	});
});
