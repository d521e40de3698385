import type { AllEntities } from 'n8n-workflow';

type NodeMap = {
	user: 'get';
	video: 'getAll' | 'get';
	post: 'getCreatorInfo' | 'createVideo' | 'createPhoto' | 'getStatus' | 'createHandoffPack';
	comment: 'getAll' | 'getReplies' | 'reply' | 'hide' | 'unhide' | 'delete';
};

export type TikTokType = AllEntities<NodeMap>;
