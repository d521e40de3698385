import type { AllEntities } from 'n8n-workflow';

type NodeMap = {
	user: 'get';
};

export type TikTokType = AllEntities<NodeMap>;
