import type { INodeProperties } from 'n8n-workflow';

// Operations arrive with the Post resource (getCreatorInfo, createVideo, createPhoto, getStatus).
export const description: INodeProperties[] = [];
