import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as deleteComment from './delete.operation';
import * as getAll from './getAll.operation';
import * as getReplies from './getReplies.operation';
import * as hide from './hide.operation';
import * as like from './like.operation';
import * as pin from './pin.operation';
import * as reply from './reply.operation';
import * as unhide from './unhide.operation';
import * as unlike from './unlike.operation';
import * as unpin from './unpin.operation';

// `delete` is a reserved word: imported as deleteComment, exported under the operation's value.
export {
	create,
	deleteComment as delete,
	getAll,
	getReplies,
	hide,
	like,
	pin,
	reply,
	unhide,
	unlike,
	unpin,
};

export const description: INodeProperties[] = [
	{
		displayName:
			'Comments use the TikTok API for Business: a separate app on business-api.tiktok.com and its own credential (scope comment.list to read; comment.list.manage to comment, reply, pin, like, hide and delete). They work on videos of the connected account.',
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
				name: 'Create',
				value: 'create',
				description: "Comment on one of the connected account's videos",
				action: 'Create comment',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Permanently delete a comment the connected account wrote',
				action: 'Delete comment',
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
				action: 'Get comment replies',
			},
			{
				name: 'Hide',
				value: 'hide',
				description: "Hide a comment from everyone but the video's owner",
				action: 'Hide comment',
			},
			{
				name: 'Like',
				value: 'like',
				description: 'Like a comment as the connected account',
				action: 'Like comment',
			},
			{
				name: 'Pin',
				value: 'pin',
				description: 'Pin a comment at the top of its video',
				action: 'Pin comment',
			},
			{
				name: 'Reply',
				value: 'reply',
				description: 'Reply to a comment as the connected account',
				action: 'Reply to comment',
			},
			{
				name: 'Unhide',
				value: 'unhide',
				description: 'Show a hidden comment again',
				action: 'Unhide comment',
			},
			{
				name: 'Unlike',
				value: 'unlike',
				description: "Take back the connected account's like of a comment",
				action: 'Unlike comment',
			},
			{
				name: 'Unpin',
				value: 'unpin',
				description: 'Unpin the pinned comment of a video',
				action: 'Unpin comment',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
	...getReplies.description,
	...create.description,
	...reply.description,
	...hide.description,
	...unhide.description,
	...pin.description,
	...unpin.description,
	...like.description,
	...unlike.description,
	...deleteComment.description,
];
