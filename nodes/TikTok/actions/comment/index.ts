import type { INodeProperties } from 'n8n-workflow';

import * as deleteComment from './delete.operation';
import * as getAll from './getAll.operation';
import * as getReplies from './getReplies.operation';
import * as hide from './hide.operation';
import * as reply from './reply.operation';
import * as unhide from './unhide.operation';

// `delete` is a reserved word: imported as deleteComment, exported under the operation's value.
export { deleteComment as delete, getAll, getReplies, hide, reply, unhide };

export const description: INodeProperties[] = [
	{
		displayName:
			'Comments use the TikTok API for Business: a separate app on business-api.tiktok.com and its own credential (scopes comment.list and comment.list.manage). They work on videos of the connected account.',
		name: 'commentNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { resource: ['comment'] } },
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['comment'] } },
		options: [
			{
				name: 'Delete',
				value: 'delete',
				description: 'Permanently delete a comment the connected account wrote',
				action: 'Delete a comment',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: "List the comments on one of the connected account's videos",
				action: 'Get many comments',
			},
			{
				name: 'Get Replies',
				value: 'getReplies',
				description: 'List the replies to a comment',
				action: 'Get replies to a comment',
			},
			{
				name: 'Hide',
				value: 'hide',
				description: "Hide a comment from everyone but the video's owner",
				action: 'Hide a comment',
			},
			{
				name: 'Reply',
				value: 'reply',
				description: 'Reply to a comment as the connected account',
				action: 'Reply to a comment',
			},
			{
				name: 'Unhide',
				value: 'unhide',
				description: 'Show a hidden comment again',
				action: 'Unhide a comment',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
	...getReplies.description,
	...reply.description,
	...hide.description,
	...unhide.description,
	...deleteComment.description,
];
