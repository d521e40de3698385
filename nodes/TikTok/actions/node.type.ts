import type { AllEntities } from 'n8n-workflow';

/** Every resource and its operations: the router's dispatch table is checked against this map. */
export type NodeMap = {
	account: 'getInsights' | 'getVideos';
	user: 'get';
	video: 'getAll' | 'get';
	post: 'getCreatorInfo' | 'createVideo' | 'createPhoto' | 'getStatus' | 'createHandoffPack';
	comment:
		| 'getAll'
		| 'getReplies'
		| 'create'
		| 'reply'
		| 'hide'
		| 'unhide'
		| 'pin'
		| 'unpin'
		| 'like'
		| 'unlike'
		| 'delete';
};

export type TikTokType = AllEntities<NodeMap>;
