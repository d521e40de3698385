import type { AllEntities } from 'n8n-workflow';

import type { CommentOperation } from '../business/errors';

/** Every resource and its operations: the router's dispatch table is checked against this map. */
export type NodeMap = {
	account: 'getInsights' | 'getVideos';
	user: 'get';
	video: 'getAll' | 'get';
	post: 'getCreatorInfo' | 'createVideo' | 'createPhoto' | 'getStatus' | 'createHandoffPack';
	comment: CommentOperation;
};

export type TikTokType = AllEntities<NodeMap>;
