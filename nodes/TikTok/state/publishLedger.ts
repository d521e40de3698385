/**
 * Per post, the post this node already started in this process, so that n8n's Retry On Fail
 * continues it instead of starting a second one. How it is used: docs/architecture.md, "Posting once".
 */
import type { ChunkPlan } from '../helpers/chunkPlan';

export interface LedgerEntry {
	/** False from the moment the init is sent until TikTok answers it. */
	initAnswered: boolean;
	/** TikTok's publish ID; empty while the init is unanswered. */
	publishId: string;
	startedAt: number;
	uploadUrl?: string;
	plan?: ChunkPlan;
	/** Chunks TikTok has accepted so far. */
	chunksAccepted: number;
	/** True once TikTok has all the media (last chunk accepted, or a URL post). */
	mediaDelivered: boolean;
	/** A PUT of the last chunk got no answer: TikTok may have the whole video, i.e. a post. */
	lastChunkUnanswered?: boolean;
	/** Creator username (for the post link), when known. */
	username?: string;
	/** True once the node returned this post's item: a later run with the same post is a new post. */
	finished?: boolean;
}

const entries = new Map<string, LedgerEntry>();
/** TikTok's upload URLs live one hour; nothing older is worth resuming. */
export const LEDGER_TTL_MS = 2 * 60 * 60 * 1000;
const MAX_ENTRIES = 10_000;

export function findLedgerEntry(key: string): LedgerEntry | undefined {
	const entry = entries.get(key);
	if (entry && Date.now() - entry.startedAt > LEDGER_TTL_MS) {
		entries.delete(key);
		return undefined;
	}
	return entry;
}

export function recordLedgerEntry(key: string, entry: LedgerEntry): LedgerEntry {
	const now = Date.now();
	for (const [k, v] of entries) {
		if (now - v.startedAt > LEDGER_TTL_MS || entries.size >= MAX_ENTRIES) entries.delete(k);
		else break;
	}
	entries.set(key, entry);
	return entry;
}

/** An entry whose key starts with `prefix` and a NUL (see postSlotKey), with its key. */
export function findLedgerEntryByPrefix(
	prefix: string,
): { key: string; entry: LedgerEntry } | undefined {
	for (const key of entries.keys()) {
		if (!key.startsWith(`${prefix}\u0000`)) continue;
		const entry = findLedgerEntry(key);
		if (entry) return { key, entry };
	}
	return undefined;
}

/** An attempt that created nothing at TikTok: a retry may start the post afresh. */
export function forgetLedgerEntry(key: string): void {
	entries.delete(key);
}
