import type { IDataObject, IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * Every video field TikTok documents for video/list and video/query (scope video.list),
 * sorted by name as the editor shows them.
 *
 * `is_aigc` appears only in TikTok's newer documentation. It is offered, but never selected by
 * default: an API that predates it may answer invalid_params, which then names the field.
 * Nothing in the node relies on it being present in the answer.
 */
export const VIDEO_FIELDS: Array<{ name: string; value: string; description: string }> = [
	{ name: 'Comment Count', value: 'comment_count', description: 'Number of comments' },
	{
		name: 'Cover Image URL',
		value: 'cover_image_url',
		description: 'Cover image link; it expires after about 6 hours (Get refreshes it)',
	},
	{
		name: 'Create Time',
		value: 'create_time',
		description: 'When the video was posted, as a Unix epoch in seconds',
	},
	{
		name: 'Description',
		value: 'video_description',
		description: 'The caption written by the creator',
	},
	{ name: 'Duration', value: 'duration', description: 'Length in seconds' },
	{
		name: 'Embed HTML',
		value: 'embed_html',
		description: 'HTML snippet that embeds the video in a web page',
	},
	{ name: 'Embed Link', value: 'embed_link', description: 'Link to the embeddable player' },
	{ name: 'Height', value: 'height', description: 'Height in pixels' },
	{ name: 'ID', value: 'id', description: 'The video ID (always returned, as a string)' },
	{
		name: 'Is AI-Generated',
		value: 'is_aigc',
		description:
			"Whether the video is labelled as AI-generated. Only in TikTok's newer API: if TikTok rejects it, remove it.",
	},
	{ name: 'Like Count', value: 'like_count', description: 'Number of likes' },
	{ name: 'Share Count', value: 'share_count', description: 'Number of shares' },
	{ name: 'Share URL', value: 'share_url', description: 'Public link to the video' },
	{
		name: 'Title',
		value: 'title',
		description: 'The title (up to 150 characters; often empty for videos)',
	},
	{ name: 'View Count', value: 'view_count', description: 'Number of views' },
	{ name: 'Width', value: 'width', description: 'Width in pixels' },
];

const KNOWN_FIELDS = new Set(VIDEO_FIELDS.map((field) => field.value));

/** The most IDs video/query takes, and the largest page video/list returns. */
export const MAX_VIDEOS_PER_REQUEST = 20;

export const fieldsProperty: INodeProperties = {
	displayName: 'Fields',
	name: 'fields',
	type: 'multiOptions',
	options: VIDEO_FIELDS,
	default: [
		'id',
		'title',
		'video_description',
		'create_time',
		'cover_image_url',
		'share_url',
		'duration',
	],
	description: 'Video fields to return. The ID is always included.',
};

export const DEFAULT_VIDEO_FIELDS = fieldsProperty.default as string[];

/**
 * "Fields" as the names to request, refused before any call if one is unknown. The ID is always
 * requested: Get needs it to match answers to inputs, and an item without it is useless.
 */
export function parseVideoFields(node: INode, value: unknown, itemIndex?: number): string[] {
	const fields = Array.isArray(value) ? value.map(String) : String(value ?? '').split(',');
	const chosen = fields.map((field) => field.trim()).filter((field) => field !== '');
	const unknown = chosen.filter((field) => !KNOWN_FIELDS.has(field));
	if (unknown.length) {
		throw new NodeOperationError(
			node,
			`Unknown video field(s) in "Fields": ${unknown.join(', ')}`,
			{
				...(itemIndex === undefined ? {} : { itemIndex }),
				description: `Choose from: ${[...KNOWN_FIELDS].join(', ')}.`,
			},
		);
	}
	return [...new Set(['id', ...chosen])];
}

/** "Fields" for one item, as the comma-separated list TikTok wants in the query. */
export function readVideoFields(this: IExecuteFunctions, itemIndex: number): string {
	return parseVideoFields(
		this.getNode(),
		this.getNodeParameter('fields', itemIndex, DEFAULT_VIDEO_FIELDS),
		itemIndex,
	).join(',');
}

/** One video as output: TikTok documents `id` as a string; keep it one whatever arrives. */
export function toOutputVideo(video: IDataObject): IDataObject {
	const output = { ...video };
	if (output.id !== undefined && output.id !== null) output.id = String(output.id);
	return output;
}
