/**
 * What makes two attempts "the same post", for the publish ledger (publishLedger.ts). n8n's
 * Retry On Fail runs the node again with the same execution, node, run index and item, and the
 * same parameters: that must continue the post already started. A Loop Over Items iteration or
 * another call of an AI agent's tool is a new run of the node (its run index grows), and a
 * different file, URL, text or setting is a different post: those must start their own post.
 */
import { createHash } from 'crypto';
import type { IBinaryData } from 'n8n-workflow';

/** Where and in which run of the node the post is made. */
export interface PostSlot {
	executionId: string;
	nodeId: string;
	/** n8n's run index of the node: grows per loop iteration and per tool call, kept by Retry On Fail. */
	runIndex: number;
	itemIndex: number;
}

/** What is posted, as sent to TikTok (or read to send it). */
export interface PostContent {
	kind: 'video' | 'photo' | 'commentReply' | 'comment';
	mode: string;
	source: string;
	/** The binary's identity (see binaryIdentity), or the URL(s), in order. */
	media: string[];
	/** Bytes of a binary file; unknown for URLs. */
	size?: number;
	/** Caption, or title and description. */
	texts: string[];
	privacyLevel?: string;
	coverIndex?: number;
	/** The operation's Options collection as set. */
	options: object;
}

/**
 * The ledger key: the slot in clear, the content as a SHA-256 fingerprint (captions and URLs are
 * not kept in memory). Key order inside objects does not matter; anything else that differs does.
 */
export function postLedgerKey(slot: PostSlot, content: PostContent): string {
	const fingerprint = createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex');
	return `${postSlotKey(slot)}\u0000${fingerprint}`;
}

/** The part of every ledger key of this slot that precedes the content's fingerprint. */
export function postSlotKey(slot: PostSlot): string {
	return [slot.executionId, slot.nodeId, slot.runIndex, slot.itemIndex].join('\u0000');
}

/**
 * A stored binary's identity: n8n's binary id (unique per stored file), or in n8n's in-memory
 * binary mode, where there is no id, a hash of the data itself.
 */
export function binaryIdentity(binary: IBinaryData): string {
	if (binary.id) return `id:${binary.id}`;
	return `sha256:${createHash('sha256')
		.update(binary.data ?? '', 'utf8')
		.digest('hex')}`;
}

/** JSON with object keys sorted at every level; `undefined` members are left out, as JSON does. */
export function canonicalJson(value: unknown): string {
	if (Array.isArray(value))
		return `[${value.map((entry) => (entry === undefined ? 'null' : canonicalJson(entry))).join(',')}]`;
	if (value && typeof value === 'object') {
		const members = Object.keys(value)
			.sort()
			.filter((key) => (value as Record<string, unknown>)[key] !== undefined)
			.map(
				(key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`,
			);
		return `{${members.join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}
