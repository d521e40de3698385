/**
 * Description pieces shared by the TikTok node's operations and its triggers. A parameter that
 * appears in several places is defined here once, so it has one name and one label everywhere
 * (the table is in docs/architecture.md, "Parameter names").
 */
import type { INodeProperties } from 'n8n-workflow';

import { TEXT_LIMITS } from '../../helpers/contentRules';
import { VIDEO_ID_LIST_PATTERN, VIDEO_ID_PATTERN, VIDEO_URL_PATTERN } from '../../helpers/videoId';

/** Parameter values that hide a field, e.g. `{ resource: ['comment'] }`. */
type HideWhen = Record<string, string[]>;

/** What each credential is used for, where it is not the API calls themselves (the webhook trigger). */
interface AuthenticationUse {
	oAuth2: string;
	refreshToken: string;
	description: string;
}

/**
 * Chooses between the two TikTok for Developers credentials (the nodes-base pattern). The
 * credential lists themselves stay literal in each node: n8n's lint rules read them statically.
 */
export function authenticationProperty(hide?: HideWhen, use?: AuthenticationUse): INodeProperties {
	return {
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		options: [
			{
				name: 'OAuth2 (Connect My Account)',
				value: 'oAuth2',
				description: use?.oAuth2 ?? "Needs n8n reachable over https for TikTok's redirect",
			},
			{
				name: 'Refresh Token',
				value: 'refreshToken',
				description:
					use?.refreshToken ??
					'Paste a refresh token; works on any n8n, including plain-http localhost',
			},
		],
		default: 'oAuth2',
		...(use ? { description: use.description } : {}),
		...(hide ? { displayOptions: { hide } } : {}),
	};
}

// ---------- Lists ----------

/** Return All and Limit, the pair every list operation shows (n8n's convention). */
export const returnAllProperty: INodeProperties = {
	displayName: 'Return All',
	name: 'returnAll',
	type: 'boolean',
	default: false,
	description: 'Whether to return all results or only up to a given limit',
};

export const limitProperty: INodeProperties = {
	displayName: 'Limit',
	name: 'limit',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 50,
	description: 'Max number of results to return',
	displayOptions: { show: { returnAll: [false] } },
};

// ---------- Videos and comments by ID ----------

/**
 * The video an operation works on: `videoId`, labelled "Video", a resource locator everywhere.
 * "From List" reads the videos with the operation's credential: TikTok for Developers'
 * video/list (Video > Get), or the API for Business's business/video/list/ (comment operations),
 * searchable by caption. Video > Get takes several IDs at once.
 */
export function videoIdProperty(
	description: string,
	use: 'developers' | 'business',
): INodeProperties {
	const developers = use === 'developers';
	const property: INodeProperties = {
		displayName: 'Video',
		name: 'videoId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a video...',
				typeOptions: {
					searchListMethod: developers ? 'searchVideos' : 'searchBusinessVideos',
					searchable: true,
				},
			},
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: 'e.g. https://www.tiktok.com/@user/video/7300000000000000001',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: VIDEO_URL_PATTERN,
							errorMessage:
								'Not a TikTok video link. Use a link like https://www.tiktok.com/@user/video/7300000000000000001.',
						},
					},
				],
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 7300000000000000001',
				hint: developers ? 'Several IDs may be separated by commas' : undefined,
				validation: [
					{
						type: 'regex',
						properties: developers
							? {
									regex: VIDEO_ID_LIST_PATTERN,
									errorMessage:
										'Not a video ID. IDs are numbers of up to 19 digits, separated by commas if several.',
								}
							: {
									regex: VIDEO_ID_PATTERN,
									errorMessage: 'Not a video ID. IDs are numbers of up to 19 digits.',
								},
					},
				],
			},
		],
	};
	return property;
}

export function commentIdProperty(description: string): INodeProperties {
	return {
		displayName: 'Comment ID',
		name: 'commentId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 7300000000000000002',
		description,
	};
}

// ---------- Comment lists (Get Many, Get Replies) ----------

export const commentStatusOption: INodeProperties = {
	displayName: 'Status',
	name: 'status',
	type: 'options',
	options: [
		{ name: 'All (Including Hidden)', value: 'ALL', description: 'Public and hidden comments' },
		{ name: 'Public Only', value: 'PUBLIC', description: 'Only comments everyone can see' },
	],
	default: 'ALL',
	description:
		'Which comments to return. Without this option TikTok returns all of them, hidden ones included.',
};

/** Sort order of a comment list; TikTok ranks by its own relevance ("smart") without it. */
export function commentSortOrderOption(description: string): INodeProperties {
	return {
		displayName: 'Sort Order',
		name: 'sortOrder',
		type: 'options',
		options: [
			{ name: 'Ascending', value: 'asc' },
			{ name: 'Descending', value: 'desc' },
			{ name: 'Smart', value: 'smart', description: "TikTok's own ranking" },
		],
		default: 'desc',
		description,
	};
}

export const commentSortFieldOption: INodeProperties = {
	displayName: 'Sort By',
	name: 'sortField',
	type: 'options',
	options: [
		{ name: 'Create Time', value: 'create_time' },
		{ name: 'Likes', value: 'likes' },
		{ name: 'Replies', value: 'replies' },
	],
	default: 'create_time',
	description: "The field TikTok sorts by. Without this option the order is TikTok's own.",
};

/**
 * How a comment list is sorted, in its own "Sort" collection as n8n's list operations do; each
 * choice left out is not sent, so TikTok's own order applies.
 */
export function commentSortCollection(orderDescription: string): INodeProperties {
	return {
		displayName: 'Sort',
		name: 'sort',
		type: 'collection',
		placeholder: 'Add sort rule',
		default: {},
		options: [commentSortFieldOption, commentSortOrderOption(orderDescription)],
	};
}

// ---------- Posts ----------

/**
 * Where a video comes from. "URL" says who fetches it, because that decides what the URL must
 * be: TikTok pulls only from https URLs it has verified for the app, n8n downloads any http(s) URL.
 */
export function videoSourceProperty(
	binary: string,
	url: { name: string; description: string },
): INodeProperties {
	return {
		displayName: 'Source',
		name: 'source',
		type: 'options',
		options: [
			{ name: 'Binary File', value: 'binary', description: binary },
			{ name: url.name, value: 'url', description: url.description },
		],
		default: 'binary',
	};
}

/** The input binary field holding a video (Source: Binary File). */
export const videoBinaryFieldProperty: INodeProperties = {
	displayName: 'Input Binary Field',
	name: 'binaryPropertyName',
	type: 'string',
	default: 'data',
	required: true,
	displayOptions: { show: { source: ['binary'] } },
	hint: 'The name of the input binary field holding the MP4, MOV or WebM video',
};

/** The video's address (Source: URL); `description` says who fetches it. */
export function videoUrlProperty(description: string): INodeProperties {
	return {
		displayName: 'Video URL',
		name: 'videoUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://media.example.com/videos/clip.mp4',
		displayOptions: { show: { source: ['url'] } },
		description,
	};
}

/** A video's caption, TikTok's `post_info.title`; `more` tells what the operation does with it. */
export function captionProperty(more: string, show?: Record<string, string[]>): INodeProperties {
	return {
		displayName: 'Caption',
		name: 'caption',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		...(show ? { displayOptions: { show } } : {}),
		description: `The post caption, up to ${TEXT_LIMITS.videoCaption} characters${more}`,
	};
}

/** Draft or direct post: drafts by default, so nothing is published unless asked (agents included). */
export function postModeProperty(draftNeeds: string, directNeeds: string): INodeProperties {
	return {
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		options: [
			{
				name: 'Draft (Upload to Inbox)',
				value: 'draft',
				description: `The creator gets a notification and finishes the post in the TikTok app (${draftNeeds})`,
			},
			{
				name: 'Direct Post',
				value: 'directPost',
				description: `Publish straight to the profile (${directNeeds})`,
			},
		],
		default: 'draft',
	};
}

/** TikTok's Direct Post rules: levels come from creator info, and there is no default. */
export const privacyLevelProperty: INodeProperties = {
	displayName: 'Privacy Level Name or ID',
	name: 'privacyLevel',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getPrivacyLevels' },
	default: '',
	required: true,
	displayOptions: { show: { mode: ['directPost'] } },
	description:
		'Who can see the post. Only the levels TikTok offers for this creator are listed. Unaudited apps can only use "Only Me" on private accounts. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

/** Shows an option of the Options collection for direct posts only. */
export const directPostOnly = { show: { '/mode': ['directPost'] } };

export const waitOptions: INodeProperties[] = [
	{
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'boolean',
		default: false,
		description:
			'Whether to poll TikTok until the post is published, delivered to the inbox or failed (at most 30 checks per minute)',
	},
	{
		displayName: 'Wait Timeout (Seconds)',
		name: 'waitTimeout',
		type: 'number',
		typeOptions: { minValue: 5, maxValue: 3600 },
		default: 300,
		description:
			'How long to wait before returning the last known status. Processing takes about a minute per GB; moderation usually a minute, sometimes hours.',
	},
];

/**
 * The Options both post types share (Create Video Post, Create Photo Post): branding and comments,
 * which TikTok accepts for direct posts only, and waiting for the result.
 */
export const postOptions: INodeProperties[] = [
	{
		displayName: 'Branded Content',
		name: 'brandContentToggle',
		type: 'boolean',
		default: false,
		description:
			'Whether the post promotes a third party (paid partnership; direct post only). TikTok does not allow it with the privacy level "Only Me".',
		displayOptions: directPostOnly,
	},
	{
		displayName: 'Disable Comments',
		name: 'disableComment',
		type: 'boolean',
		default: true,
		description:
			"Whether comments are off for this post. TikTok's posting rules keep interactions off unless chosen: switch this off to allow comments (direct post only).",
		displayOptions: directPostOnly,
	},
	{
		displayName: 'Your Brand',
		name: 'brandOrganicToggle',
		type: 'boolean',
		default: false,
		description: 'Whether the post promotes your own business (direct post only)',
		displayOptions: directPostOnly,
	},
	...waitOptions,
];

/**
 * The canvas subtitle in words ("Post: Create Video Post") instead of raw values
 * ("createVideo: post"): an expression that looks the chosen resource and operation up in the
 * labels the editor shows, built from the node's own properties so the two cannot drift.
 */
export function operationSubtitle(properties: INodeProperties[]): string {
	const resource = properties.find((property) => property.name === 'resource');
	const resourceNames = new Map(
		(resource?.options ?? []).map((option) => [
			String((option as { value: unknown }).value),
			option.name,
		]),
	);
	const words: Record<string, string> = {};
	for (const property of properties) {
		const shownFor = property.displayOptions?.show?.resource;
		if (property.name !== 'operation' || !Array.isArray(shownFor) || shownFor.length !== 1)
			continue;
		const resourceValue = String(shownFor[0]);
		for (const option of property.options ?? []) {
			const { name, value } = option as { name: string; value: unknown };
			words[`${resourceValue}/${String(value)}`] =
				`${resourceNames.get(resourceValue) ?? resourceValue}: ${name}`;
		}
	}
	return `={{ (${JSON.stringify(words)})[$parameter["resource"] + "/" + $parameter["operation"]] || $parameter["operation"] }}`;
}

/** A multi-select's chosen values as their labels, for a subtitle ("Events: Post Published"). */
export function choicesSubtitle(
	prefix: string,
	parameter: string,
	options: Array<{ name: string; value: string }>,
): string {
	const labels = Object.fromEntries(options.map((option) => [option.value, option.name]));
	return `={{ ${JSON.stringify(`${prefix}: `)} + ($parameter[${JSON.stringify(parameter)}] || []).map((value) => (${JSON.stringify(labels)})[value] || value).join(", ") }}`;
}
