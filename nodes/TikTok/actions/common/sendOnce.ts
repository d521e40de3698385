/**
 * Requests that create something at TikTok (a post init, a comment reply) sent at most once per
 * item and run of the node, across n8n's Retry On Fail and an agent's repeated tool call: the
 * attempt is recorded before it leaves, and one whose answer was lost is never sent again.
 */
import type { IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { postLedgerKey, type PostContent, type PostSlot } from '../../helpers/postIdentity';
import { findLedgerEntry, forgetLedgerEntry, recordLedgerEntry } from '../../state/publishLedger';
import { deliveryOf } from '../../transport/delivery';

/** Where this item's request is made: execution, node, n8n's run index and item. */
export function itemSlot(ctx: IExecuteFunctions, itemIndex: number): PostSlot {
	return {
		executionId: ctx.getExecutionId(),
		nodeId: ctx.getNode().id,
		runIndex: runIndexOf(ctx, itemIndex),
		itemIndex,
	};
}

/**
 * n8n's run index of this node, as expressions see it (`$runIndex`): the data proxy has offered
 * it on n8n 1.x and 2.x alike. Without it, the content fingerprint alone tells requests apart.
 */
function runIndexOf(ctx: IExecuteFunctions, itemIndex: number): number {
	try {
		const runIndex: unknown = ctx.getWorkflowDataProxy(itemIndex).$runIndex;
		return typeof runIndex === 'number' ? runIndex : 0;
	} catch {
		return 0;
	}
}

/**
 * Sends `send` unless an earlier attempt at the same content from this item (this run of the node,
 * or the run before: an agent calls a failed tool again as a new run) lost its answer; then it
 * throws `mayExist()` instead. An attempt TikTok refused, or that never left, created nothing and
 * is forgotten, so a retry may send it.
 */
export async function sendOnce<T>(
	ctx: IExecuteFunctions,
	itemIndex: number,
	content: PostContent,
	mayExist: () => Error,
	send: () => Promise<T>,
): Promise<T> {
	const slot = itemSlot(ctx, itemIndex);
	const key = postLedgerKey(slot, content);
	const earlier = [key];
	if (slot.runIndex > 0)
		earlier.push(postLedgerKey({ ...slot, runIndex: slot.runIndex - 1 }, content));
	const lost = earlier.find((candidate) => findLedgerEntry(candidate)?.initAnswered === false);
	if (lost) {
		// Carried into this run, as a post is (postOnce.ts): the next try or tool call (run index
		// + 1) must still find it, or a third attempt would send again.
		if (lost !== key) {
			recordLedgerEntry(key, findLedgerEntry(lost)!);
			forgetLedgerEntry(lost);
		}
		throw mayExist();
	}
	recordLedgerEntry(key, {
		initAnswered: false,
		publishId: '',
		startedAt: Date.now(),
		chunksAccepted: 0,
		mediaDelivered: false,
	});
	try {
		const result = await send();
		forgetLedgerEntry(key);
		return result;
	} catch (error) {
		// A lost answer keeps the attempt recorded: every later try stops at mayExist. This try
		// reports the failure itself (it already says the request may have reached TikTok).
		if (deliveryOf(error) !== 'unknown') forgetLedgerEntry(key);
		// Re-wrapping hands back the transport's own error, HTTP details intact.
		if (error instanceof NodeApiError)
			throw new NodeApiError(ctx.getNode(), error as unknown as JsonObject);
		throw new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
	}
}
