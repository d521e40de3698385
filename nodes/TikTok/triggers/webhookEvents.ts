/**
 * TikTok for Developers webhook events: the picker's values, the spelling TikTok's docs use for
 * one of them, parsing of the `content` field, and the bounded log of deliveries already
 * handled (TikTok delivers at least once and retries for up to 72 hours).
 */
import { createHash } from 'crypto';

import { parseJsonKeepingBigInts } from '../helpers/bigint';

/** "Any event": also passes events this package does not list (e.g. legacy Share Kit ones). */
export const ANY_EVENT = '*';

/** The picker's value for the no-longer-public event: the corrected spelling. */
export const NO_LONGER_PUBLIC_EVENT = 'post.publish.no_longer_publicly_available';

/** Spellings that arrive from TikTok, mapped to the picker value they belong to. */
const EVENT_ALIASES: Record<string, string> = {
	// TikTok's docs spell it this way (sic); other clients use the corrected spelling.
	'post.publish.no_longer_publicaly_available': NO_LONGER_PUBLIC_EVENT,
};

export const WEBHOOK_EVENT_OPTIONS: Array<{ name: string; value: string; description: string }> = [
	{
		name: 'Any Event',
		value: ANY_EVENT,
		description: 'Every event TikTok sends for this app, including ones not listed here',
	},
	{
		name: 'Authorization Removed',
		value: 'authorization.removed',
		description:
			'A user disconnected the app, or their account was deleted, age-restricted or banned. Their token no longer works.',
	},
	{
		name: 'Post Inbox Delivered',
		value: 'post.publish.inbox_delivered',
		description: "A draft uploaded by the app reached the creator's TikTok inbox",
	},
	{
		name: 'Post No Longer Public',
		value: NO_LONGER_PUBLIC_EVENT,
		description:
			'A post stopped being publicly visible. Matches both spellings TikTok uses (no_longer_publicaly_available and no_longer_publicly_available).',
	},
	{
		name: 'Post Publicly Available',
		value: 'post.publish.publicly_available',
		description:
			'A post became publicly visible (also when it is made public later); carries the post ID',
	},
	{
		name: 'Post Publish Completed',
		value: 'post.publish.complete',
		description: 'A post finished publishing; for drafts, the creator posted it from the inbox',
	},
	{
		name: 'Post Publish Failed',
		value: 'post.publish.failed',
		description: "A post could not be published; carries TikTok's fail reason",
	},
];

/** The picker value an incoming event name belongs to (the name itself when it has no alias). */
export function normaliseEventName(event: string): string {
	return EVENT_ALIASES[event] ?? event;
}

export function isEventSelected(event: string, selected: string[]): boolean {
	if (selected.includes(ANY_EVENT)) return true;
	return selected.includes(normaliseEventName(event));
}

/**
 * `content` is a JSON string inside the JSON body. Integers beyond 2^53 keep all their digits
 * (as strings). Anything that is not a JSON object string is returned as it came.
 */
export function parseEventContent(content: unknown): unknown {
	if (typeof content !== 'string') return content;
	try {
		const parsed = parseJsonKeepingBigInts<unknown>(content);
		return parsed !== null && typeof parsed === 'object' ? parsed : content;
	} catch {
		return content;
	}
}

/** Deliveries remembered: TikTok retries for up to 72 hours, plus an hour of clock slack. */
export const DELIVERY_TTL_SECONDS = 73 * 60 * 60;
/**
 * At most this many deliveries are remembered (about 40 bytes each in the workflow's static
 * data, which n8n saves after every webhook call): 1000 keys stay near 40 kB.
 */
export const MAX_REMEMBERED_DELIVERIES = 1000;

/**
 * Identifies an event independently of its delivery: a redelivery repeats the same event,
 * user, creation time and content, whatever its signature timestamp.
 */
export function deliveryKey(body: Record<string, unknown>): string {
	const content =
		typeof body.content === 'string' ? body.content : JSON.stringify(body.content ?? null);
	const parts = [body.client_key, body.event, body.user_openid, body.create_time, content].map(
		(part) => (part === undefined || part === null ? '' : String(part)),
	);
	return createHash('sha256').update(parts.join('\u0000'), 'utf8').digest('hex').slice(0, 32);
}

/** Delivery key → Unix seconds when first handled. */
export type DeliveryLog = Record<string, number>;

export interface DeliveryLogOptions {
	ttlSeconds?: number;
	maxEntries?: number;
}

/**
 * Records a delivery. Returns whether it was seen before, and the pruned log to store: entries
 * older than the TTL go, then the oldest beyond `maxEntries`.
 */
export function recordDelivery(
	log: DeliveryLog | undefined,
	key: string,
	nowSeconds: number,
	options: DeliveryLogOptions = {},
): { duplicate: boolean; log: DeliveryLog } {
	const ttl = options.ttlSeconds ?? DELIVERY_TTL_SECONDS;
	const maxEntries = options.maxEntries ?? MAX_REMEMBERED_DELIVERIES;
	const entries = Object.entries(log ?? {}).filter(
		([, seenAt]) => typeof seenAt === 'number' && nowSeconds - seenAt <= ttl,
	);
	const duplicate = entries.some(([seenKey]) => seenKey === key);
	if (!duplicate) entries.push([key, nowSeconds]);
	// Oldest first, so the newest survive the cap; equal times keep their insertion order.
	entries.sort((a, b) => a[1] - b[1]);
	return {
		duplicate,
		log: Object.fromEntries(entries.slice(Math.max(0, entries.length - maxEntries))),
	};
}
