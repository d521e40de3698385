import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { businessApiRequest } from '../../business/api';
import { commentIdProperty } from '../common/descriptions';
import { readCommentId, SCOPE_MANAGE } from './common';

const properties: INodeProperties[] = [
	{
		displayName:
			"Deletes permanently, and TikTok only deletes comments the connected account wrote itself. To take someone else's comment out of view, use Hide (reversible).",
		name: 'deleteNotice',
		type: 'notice',
		default: '',
	},
	commentIdProperty(
		'The comment or reply to delete (its comment_id). It must have been written by the connected account.',
	),
	{
		displayName: 'Allow Permanent Deletion',
		name: 'confirmDelete',
		type: 'boolean',
		default: false,
		noDataExpression: true,
		description:
			'Whether this node may delete comments. Switch it on here in the editor: an expression or a value chosen by an AI agent is refused, so an agent using this node as a tool can only delete if you allowed it.',
	},
];

const displayOptions = { show: { resource: ['comment'], operation: ['delete'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/**
 * Deletes one of the connected account's own comments. Refused before any call unless "Allow
 * Permanent Deletion" was switched on as a literal value in the editor (see docs/business-api.md §7).
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const raw = this.getNode().parameters.confirmDelete;
	if (raw !== true) {
		throw new NodeOperationError(this.getNode(), 'Deleting is not allowed for this node', {
			itemIndex,
			description:
				typeof raw === 'string'
					? 'Turn on "Allow Permanent Deletion" as a plain switch in the node: expressions (including values chosen by an AI agent) are not accepted for it.'
					: 'Turn on "Allow Permanent Deletion" in the node to let it delete comments permanently. To take a comment out of view instead, use Hide.',
		});
	}
	const commentId = readCommentId.call(this, itemIndex);
	await businessApiRequest.call(this, {
		method: 'POST',
		path: 'business/comment/delete/',
		body: { comment_id: commentId },
		itemIndex,
		scope: SCOPE_MANAGE,
		idempotent: false,
		operation: 'delete',
	});
	return [{ json: { comment_id: commentId, deleted: true }, pairedItem: { item: itemIndex } }];
}
