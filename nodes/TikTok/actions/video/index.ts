import type { INodeProperties } from 'n8n-workflow';

// Operations arrive with the Video resource (getAll, get).
export const description: INodeProperties[] = [];
