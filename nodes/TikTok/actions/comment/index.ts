import type { INodeProperties } from 'n8n-workflow';

// Operations arrive with the Comment resource (TikTok API for Business).
export const description: INodeProperties[] = [];
