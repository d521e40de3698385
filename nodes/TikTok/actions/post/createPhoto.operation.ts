import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { MAX_PHOTOS, TEXT_LIMITS } from '../../helpers/contentRules';
import {
	directPostOnly,
	postModeProperty,
	postOptions,
	privacyLevelProperty,
} from '../common/descriptions';
import { asText, readText } from '../common/parameters';
import {
	checkTextLength,
	creatorForDirectPost,
	directPostInfo,
	type PostOptions,
	postResult,
	readPrivacyLevel,
	readWaitTimeout,
} from './common';
import { findStartedPost, initPostOnce } from './postOnce';

const properties: INodeProperties[] = [
	{
		displayName: 'Photo URLs',
		name: 'photoUrls',
		type: 'string',
		typeOptions: { multipleValues: true },
		default: [],
		required: true,
		placeholder: 'https://media.example.com/photos/1.jpg',
		description: `1 to ${MAX_PHOTOS} public https URLs of JPEG or WebP images (at most 1080p, 20 MB each), in carousel order. Their domain or URL prefix must be verified for your app in the TikTok developer portal.`,
	},
	{
		displayName: 'Cover Index',
		name: 'coverIndex',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description: 'Position of the cover photo in the list, counting from 0',
	},
	postModeProperty('needs video.upload', 'needs video.publish'),
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		default: '',
		description: `Optional, up to ${TEXT_LIMITS.photoTitle} characters`,
	},
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		description: `Optional, up to ${TEXT_LIMITS.photoDescription} characters. #hashtags and @mentions are recognised by TikTok.`,
	},
	privacyLevelProperty,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Add Music Automatically',
				name: 'autoAddMusic',
				type: 'boolean',
				default: false,
				description: 'Whether TikTok adds recommended music (direct post only)',
				displayOptions: directPostOnly,
			},
			...postOptions,
		],
	},
];

const displayOptions = { show: { resource: ['post'], operation: ['createPhoto'] } };

export const description = updateDisplayOptions(displayOptions, properties);

interface PhotoOptions extends PostOptions {
	autoAddMusic?: boolean;
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const mode = this.getNodeParameter('mode', itemIndex) as 'directPost' | 'draft';
	const urls = validatePhotoUrls.call(this, itemIndex);
	const coverIndex = Number(this.getNodeParameter('coverIndex', itemIndex, 0));
	if (!Number.isInteger(coverIndex) || coverIndex < 0 || coverIndex >= urls.length) {
		throw new NodeOperationError(
			this.getNode(),
			`"Cover Index" ${coverIndex} does not point at one of the ${urls.length} photos`,
			{
				itemIndex,
				description: `Use a number from 0 to ${urls.length - 1}.`,
			},
		);
	}
	// Both optional for drafts and direct posts alike.
	const title = checkTextLength.call(
		this,
		itemIndex,
		'Title',
		readText.call(this, 'title', itemIndex, 'Title'),
		TEXT_LIMITS.photoTitle,
	);
	const text = checkTextLength.call(
		this,
		itemIndex,
		'Description',
		readText.call(this, 'description', itemIndex, 'Description'),
		TEXT_LIMITS.photoDescription,
	);
	const options = this.getNodeParameter('options', itemIndex, {}) as PhotoOptions;
	if (options.waitForCompletion)
		options.waitTimeout = readWaitTimeout.call(this, itemIndex, options);

	const postInfo: IDataObject = {};
	if (title.trim()) postInfo.title = title;
	if (text.trim()) postInfo.description = text;
	let username: string | undefined;
	let privacyLevel: string | undefined;
	if (mode === 'directPost') {
		privacyLevel = readPrivacyLevel.call(this, itemIndex, options.brandContentToggle);
		const creator = await creatorForDirectPost.call(this, itemIndex, privacyLevel);
		username = creator.creator_username;
		Object.assign(postInfo, directPostInfo(privacyLevel, options, creator), {
			auto_add_music: Boolean(options.autoAddMusic),
		});
	}

	// n8n's Retry On Fail runs the node again: wait for the post started then, never start another.
	const started = findStartedPost.call(this, itemIndex, mode, {
		kind: 'photo',
		mode,
		source: 'PULL_FROM_URL',
		media: urls,
		texts: [title, text],
		privacyLevel,
		coverIndex,
		options,
	});
	let entry = started.entry;
	if (!entry) {
		entry = await initPostOnce.call(this, {
			key: started.key,
			itemIndex,
			mode,
			request: {
				method: 'POST',
				path: '/v2/post/publish/content/init/',
				scope: mode === 'directPost' ? 'video.publish' : 'video.upload',
				body: {
					media_type: 'PHOTO',
					post_mode: mode === 'directPost' ? 'DIRECT_POST' : 'MEDIA_UPLOAD',
					post_info: postInfo,
					source_info: {
						source: 'PULL_FROM_URL',
						photo_cover_index: coverIndex,
						photo_images: urls,
					},
				},
			},
			// TikTok pulls the photos itself: a lost answer may hide a post already under way.
			reinitIfAnswerLost: false,
			entry: { mediaDelivered: true, username },
		});
	}
	const json = await postResult.call(
		this,
		itemIndex,
		{
			publishId: entry.publishId,
			mode,
			kind: 'photo',
			privacyLevel,
			username: entry.username,
			summary: { mode, photo_count: urls.length },
		},
		options,
	);
	entry.finished = true;
	return [{ json, pairedItem: { item: itemIndex } }];
}

function validatePhotoUrls(this: IExecuteFunctions, itemIndex: number): string[] {
	const raw: unknown = this.getNodeParameter('photoUrls', itemIndex, []);
	// One URL per entry; a single text (e.g. from an expression) may hold several.
	const texts = Array.isArray(raw)
		? raw.map((entry: unknown, index) =>
				asText.call(this, entry, `"Photo URLs" entry ${index + 1}`, itemIndex),
			)
		: asText.call(this, raw, '"Photo URLs"', itemIndex).split(/[\s,]+/);
	const list = texts.map((url) => url.trim()).filter(Boolean);
	if (!list.length || list.length > MAX_PHOTOS) {
		throw new NodeOperationError(
			this.getNode(),
			`"Photo URLs" has ${list.length} entries; TikTok takes 1 to ${MAX_PHOTOS}`,
			{ itemIndex },
		);
	}
	for (const entry of list) {
		let url: URL;
		try {
			url = new URL(entry);
		} catch {
			throw new NodeOperationError(
				this.getNode(),
				`"Photo URLs" contains an invalid URL: "${entry}"`,
				{ itemIndex },
			);
		}
		if (url.protocol !== 'https:') {
			throw new NodeOperationError(this.getNode(), `"Photo URLs" must be https: "${entry}"`, {
				itemIndex,
				description:
					'TikTok downloads photos only from https URLs on a verified domain or URL prefix.',
			});
		}
		if (/\.(png|gif|bmp|heic|tiff?)$/i.test(url.pathname)) {
			throw new NodeOperationError(
				this.getNode(),
				`"Photo URLs" contains a format TikTok refuses: "${entry}"`,
				{
					itemIndex,
					description: 'TikTok photo posts take JPEG or WebP images only. Convert the image first.',
				},
			);
		}
	}
	return list;
}
