/**
 * Post inits sent at most once per post. TikTok's inits are not idempotent (each success is a
 * post), and n8n's Retry On Fail runs the node again: the publish ledger remembers each attempt
 * (state/publishLedger.ts) under a key naming the post (helpers/postIdentity.ts).
 */
import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import {
	postLedgerKey,
	postSlotKey,
	type PostContent,
	type PostSlot,
} from '../../helpers/postIdentity';
import {
	findLedgerEntry,
	findLedgerEntryByPrefix,
	forgetLedgerEntry,
	type LedgerEntry,
	recordLedgerEntry,
} from '../../state/publishLedger';
import { tikTokApiRequest, type TikTokApiRequest } from '../../developers/api';
import { deliveryOf } from '../../transport/delivery';
import { itemSlot } from '../common/sendOnce';

type PostMode = 'directPost' | 'draft';

export interface StartedPost {
	/** The ledger key of this item's post in this run of the node. */
	key: string;
	/** What an earlier attempt at the same post started, to be continued. */
	entry?: LedgerEntry;
}

/**
 * The post an earlier attempt of this node started for the same post, if any. n8n retries a node
 * in two ways: Retry On Fail in a workflow runs it again with the same run index; an AI agent's
 * tool call is retried (and an agent may call again after an error) as a new run. So an
 * unfinished post of the node's previous run counts too, while a finished one never does: the
 * next Loop Over Items iteration or tool call is a post of its own. An attempt whose init got no
 * answer is refused: TikTok may have created that post (see initPostOnce).
 */
export function findStartedPost(
	this: IExecuteFunctions,
	itemIndex: number,
	mode: PostMode,
	content: PostContent,
): StartedPost {
	const slot: PostSlot = itemSlot(this, itemIndex);
	const key = postLedgerKey(slot, content);
	let entry = findLedgerEntry(key) ?? adoptPostOfThisItem(slot, key);
	if (!entry && slot.runIndex > 0) {
		const previousRunKey = postLedgerKey({ ...slot, runIndex: slot.runIndex - 1 }, content);
		const previous = findLedgerEntry(previousRunKey);
		if (previous && !previous.finished) {
			forgetLedgerEntry(previousRunKey);
			entry = recordLedgerEntry(key, previous);
		}
	}
	if (entry && !entry.initAnswered) throw postMayExistError.call(this, itemIndex, mode);
	return { key, entry };
}

/**
 * Within one run of the node, an item is one post. Retry On Fail evaluates the parameters again,
 * and an expression may give a new value on each try (a caption with `{{ $now }}`): the content
 * then differs, but if TikTok has, or may have, the post an earlier try started for this item (its
 * media delivered, its last chunk sent without an answer, or its init unanswered), that post is
 * this item's post, and another init would post twice. A FILE_UPLOAD whose last chunk never
 * reached TikTok never becomes a post: the new content starts its own.
 */
function adoptPostOfThisItem(slot: PostSlot, key: string): LedgerEntry | undefined {
	const earlier = findLedgerEntryByPrefix(postSlotKey(slot));
	if (!earlier) return undefined;
	forgetLedgerEntry(earlier.key);
	const tikTokMayHavePost =
		earlier.entry.mediaDelivered ||
		Boolean(earlier.entry.lastChunkUnanswered) ||
		!earlier.entry.initAnswered;
	return tikTokMayHavePost ? recordLedgerEntry(key, earlier.entry) : undefined;
}

export interface PostInit {
	key: string;
	itemIndex: number;
	mode: PostMode;
	request: Omit<TikTokApiRequest, 'idempotent' | 'itemIndex'>;
	/**
	 * Whether an init whose answer was lost may be sent again (FILE_UPLOAD videos only: see below).
	 * Otherwise (PULL_FROM_URL videos, photos) TikTok may be publishing it already.
	 */
	reinitIfAnswerLost: boolean;
	/** What the ledger keeps besides TikTok's answer. */
	entry: Pick<LedgerEntry, 'plan' | 'mediaDelivered' | 'username'>;
}

/** Sends a post init, recorded in the ledger before it leaves. */
export async function initPostOnce(this: IExecuteFunctions, init: PostInit): Promise<LedgerEntry> {
	const entry = recordLedgerEntry(init.key, {
		initAnswered: false,
		publishId: '',
		startedAt: Date.now(),
		chunksAccepted: 0,
		...init.entry,
	});
	let data: IDataObject;
	try {
		data = await tikTokApiRequest.call(this, {
			...init.request,
			itemIndex: init.itemIndex,
			idempotent: false,
		});
	} catch (error) {
		if (deliveryOf(error) === 'unknown' && !init.reinitIfAnswerLost) {
			// The entry stays unanswered: every retry of this post stops in findStartedPost.
			throw postMayExistError.call(this, init.itemIndex, init.mode);
		}
		// TikTok answered with an error, or never got the request: it created nothing. For a
		// FILE_UPLOAD init whose answer was lost, TikTok may have created a publish, but it
		// publishes a FILE_UPLOAD only once every chunk has arrived, and that publish's upload URL
		// was in the lost answer: it never receives a byte, so it never becomes a post. A new init
		// is the only way to post, and cannot post twice.
		forgetLedgerEntry(init.key);
		// Re-wrapping hands back the transport's own error, HTTP details intact.
		if (error instanceof NodeApiError)
			throw new NodeApiError(this.getNode(), error as unknown as JsonObject);
		throw new NodeOperationError(this.getNode(), error as Error, { itemIndex: init.itemIndex });
	}
	entry.initAnswered = true;
	entry.publishId = String(data.publish_id ?? '');
	entry.uploadUrl = typeof data.upload_url === 'string' ? data.upload_url : undefined;
	return entry;
}

function postMayExistError(
	this: IExecuteFunctions,
	itemIndex: number,
	mode: PostMode,
): NodeOperationError {
	const where =
		mode === 'directPost'
			? 'the creator\'s TikTok profile (posts set to "Only Me" show there only for the creator)'
			: "the creator's TikTok inbox, where a new draft arrives as a notification";
	return new NodeOperationError(
		this.getNode(),
		'TikTok may already have this post: the answer to the request that starts it was lost',
		{
			itemIndex,
			description:
				'The request reached TikTok, or may have, but no usable answer came back (the connection dropped or timed out), so n8n cannot tell whether TikTok created the post. ' +
				`To avoid posting twice, n8n does not send it again, not even on Retry On Fail. Check ${where}; if it is not there after a few minutes, run the workflow again.`,
		},
	);
}
