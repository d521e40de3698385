/**
 * Review of the TikTok New Comment Trigger: sequences of comments, polls and failures a real
 * account meets, through n8n-core's PollContext against the strict fake TikTok API for Business.
 */
import type { INodeCredentialsDetails, INodeParameters } from 'n8n-workflow';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { FakeBusinessComment } from '../fake/business.mts';
import { storeBusinessCredential } from '../harness/business.mts';
import { createTikTokTestEnv, type TikTokTestEnv } from '../harness/tiktok-env.mts';
import {
	NEW_COMMENT_TRIGGER_NODE_TYPE,
	startTriggerN8n,
	type TriggerN8n,
	type TriggerRun,
} from '../harness/trigger.mts';

const SCOPES = ['comment.list', 'video.list'];
const COMMENT_LIST = '/open_api/v1.3/business/comment/list/';
const WORKFLOW = 'wf-review-comments';

describe('TikTok New Comment Trigger under review', () => {
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
	const activate = async (parameters: INodeParameters = {}) =>
		await n8n.activatePoller({
			nodeType: NEW_COMMENT_TRIGGER_NODE_TYPE,
			parameters,
			credentials,
			workflowId: WORKFLOW,
		});
	const ids = (runs: TriggerRun[]) =>
		runs.flatMap((run) => run.items.map((item) => item.json.comment_id));

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

	it('review: a reply listed late (held for review) is emitted like a late top-level comment', async () => {
		const poller = await activate({ options: { includeReplies: true } });
		const [parent] = env.fake.business.topLevel(videos[0]);
		const newer = comment(videos[0], 'Quick reply', parent.comment_id);
		expect(ids(await poller.tick())).toEqual([newer.comment_id]);
		const late = env.fake.business.addComment(videos[0], {
			text: 'Approved after review',
			parentId: parent.comment_id,
		});
		late.create_time = newer.create_time - 600;
		expect(ids(await poller.tick())).toEqual([late.comment_id]);
		expect(await poller.tick()).toEqual([]);
	});

	it('review: hand-edited or damaged static data does not crash the poll', async () => {
		const seeded = env.fake.business.seedVideo(videos[0], 1, { repliesPerComment: 2 });
		const parent = seeded[0];
		n8n.database.saveById(WORKFLOW, {
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

	it('review: a comment deleted while a poll pages does not make the next comment down be skipped for good', async () => {
		const poller = await activate({ videos: 'chosen', videoIds: videos[0] });
		// A busy interval: 45 new comments, read over two pages.
		const flood = Array.from({ length: 45 }, (_, i) => comment(videos[0], `Flood ${i}`));
		env.fake.beforeHandle = (request) => {
			// Between page 1 and page 2 the newest comment is deleted: every offset moves up by one.
			if (request.path === COMMENT_LIST && request.query.cursor === '30') {
				const index = env.fake.business.comments.indexOf(flood[44]);
				env.fake.business.comments.splice(index, 1);
			}
		};
		const [run] = await poller.tick();
		env.fake.beforeHandle = undefined;
		const afterwards = comment(videos[0], 'One more');
		const [next] = await poller.tick();
		// Every comment is emitted exactly once over the two polls (the deleted one was read before
		// it was deleted).
		const all = [...ids([run]), ...ids([next])];
		expect(new Set(all).size).toBe(all.length);
		expect(new Set(all)).toEqual(new Set([...flood, afterwards].map((c) => c.comment_id)));
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
});
