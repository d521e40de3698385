import { describe, expect, it } from 'vitest';

import {
	ANY_EVENT,
	deliveryKey,
	isEventSelected,
	MAX_REMEMBERED_DELIVERIES,
	normaliseEventName,
	parseEventContent,
	recordDelivery,
	WEBHOOK_EVENT_OPTIONS,
} from '../../nodes/TikTok/triggers/webhookEvents.ts';

describe('event picker', () => {
	it('offers the Content Posting events and authorization.removed, one entry for the no-longer-public event', () => {
		expect(WEBHOOK_EVENT_OPTIONS.map((o) => o.value).sort()).toEqual(
			[
				'*',
				'authorization.removed',
				'post.publish.complete',
				'post.publish.failed',
				'post.publish.inbox_delivered',
				'post.publish.no_longer_publicly_available',
				'post.publish.publicly_available',
			].sort(),
		);
	});

	it.each([
		[
			'post.publish.no_longer_publicaly_available',
			['post.publish.no_longer_publicly_available'],
			true,
		],
		[
			'post.publish.no_longer_publicly_available',
			['post.publish.no_longer_publicly_available'],
			true,
		],
		['post.publish.no_longer_publicaly_available', ['post.publish.publicly_available'], false],
		['post.publish.complete', ['post.publish.complete', 'post.publish.failed'], true],
		['post.publish.failed', ['post.publish.complete'], false],
		['authorization.removed', [ANY_EVENT], true],
		['video.publish.completed', [ANY_EVENT], true],
		['video.publish.completed', ['post.publish.complete'], false],
		['', ['post.publish.complete'], false],
		['post.publish.complete', [], false],
	])('%s with %j selected → %s', (event, selected, expected) => {
		expect(isEventSelected(event, selected)).toBe(expected);
	});

	it('normalises only the documented misspelling', () => {
		expect(normaliseEventName('post.publish.no_longer_publicaly_available')).toBe(
			'post.publish.no_longer_publicly_available',
		);
		expect(normaliseEventName('post.publish.complete')).toBe('post.publish.complete');
	});
});

describe('parseEventContent', () => {
	it.each([
		[
			'{"publish_id":"p1","post_id":"7602997517160123666"}',
			{ publish_id: 'p1', post_id: '7602997517160123666' },
		],
		['{"post_id":7602997517160123666}', { post_id: '7602997517160123666' }],
		['{"reason":1}', { reason: 1 }],
		['not json', 'not json'],
		['"a string"', '"a string"'],
		['', ''],
	])('%j', (content, expected) => {
		expect(parseEventContent(content)).toEqual(expected);
	});

	it('leaves an object as it is', () => {
		expect(parseEventContent({ a: 1 })).toEqual({ a: 1 });
		expect(parseEventContent(undefined)).toBeUndefined();
	});
});

describe('deliveryKey', () => {
	const body = {
		client_key: 'k',
		event: 'post.publish.complete',
		create_time: 1,
		user_openid: 'u',
		content: '{"publish_id":"p"}',
	};

	it('is the same for a redelivery and differs when anything of the event differs', () => {
		expect(deliveryKey({ ...body })).toBe(deliveryKey(body));
		expect(deliveryKey(body)).toMatch(/^[0-9a-f]{32}$/);
		for (const change of [
			{ event: 'post.publish.failed' },
			{ create_time: 2 },
			{ user_openid: 'v' },
			{ content: '{"publish_id":"q"}' },
			{ client_key: 'x' },
		]) {
			expect(deliveryKey({ ...body, ...change })).not.toBe(deliveryKey(body));
		}
	});
});

describe('recordDelivery', () => {
	it('says duplicate for a key seen within the TTL, not after it', () => {
		const first = recordDelivery(undefined, 'a', 1000);
		expect(first).toEqual({ duplicate: false, log: { a: 1000 } });
		expect(recordDelivery(first.log, 'a', 1000 + 72 * 3600).duplicate).toBe(true);
		const late = recordDelivery(first.log, 'a', 1000 + 74 * 3600);
		expect(late).toEqual({ duplicate: false, log: { a: 1000 + 74 * 3600 } });
	});

	it('keeps the first-seen time of a duplicate', () => {
		const log = recordDelivery({ a: 10 }, 'a', 20).log;
		expect(log).toEqual({ a: 10 });
	});

	it('drops the oldest beyond the cap and entries past the TTL', () => {
		let log = {};
		for (let i = 0; i < MAX_REMEMBERED_DELIVERIES + 5; i++)
			log = recordDelivery(log, `k${i}`, 1000 + i).log;
		expect(Object.keys(log)).toHaveLength(MAX_REMEMBERED_DELIVERIES);
		expect(log).not.toHaveProperty('k0');
		expect(log).toHaveProperty(`k${MAX_REMEMBERED_DELIVERIES + 4}`);
		expect(recordDelivery({ old: 1, fresh: 100 }, 'new', 200, { ttlSeconds: 150 }).log).toEqual({
			fresh: 100,
			new: 200,
		});
		expect(recordDelivery({ a: 1, b: 2 }, 'c', 3, { maxEntries: 2 }).log).toEqual({ b: 2, c: 3 });
	});

	it('ignores junk in the stored log', () => {
		expect(recordDelivery({ a: 'x' as unknown as number }, 'b', 5).log).toEqual({ b: 5 });
	});
});
