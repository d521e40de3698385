/**
 * The canvas subtitles, evaluated by n8n-workflow's own expression engine as the editor does:
 * words ("Post: Create Video Post", "Events: Post Published"), never raw values.
 */
import type { INode, INodeType, INodeTypes } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { TikTok } from '../../nodes/TikTok/TikTok.node.ts';
import { TikTokTrigger } from '../../nodes/TikTok/TikTokTrigger.node.ts';

function subtitleOf(nodeType: INodeType, parameters: INode['parameters']): unknown {
	const node: INode = {
		id: 'n1',
		name: 'TikTok',
		type: 'test.node',
		typeVersion: 1,
		position: [0, 0],
		parameters,
	};
	const nodeTypes: INodeTypes = {
		getByName: () => nodeType,
		getByNameAndVersion: () => nodeType,
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	return workflow.expression.getSimpleParameterValue(
		node,
		nodeType.description.subtitle!,
		'internal',
		{},
	);
}

describe('canvas subtitles in words', () => {
	it.each([
		['post', 'createVideo', 'Post: Create Video Post'],
		['post', 'getStatus', 'Post: Get Status'],
		['user', 'get', 'User: Get Profile'],
		['video', 'getAll', 'Video: Get Many'],
		['comment', 'pin', 'Comment: Pin'],
		['account', 'getInsights', 'Account (Business): Get Insights'],
	])('TikTok node, %s > %s: "%s"', (resource, operation, words) => {
		expect(subtitleOf(new TikTok(), { resource, operation })).toBe(words);
	});

	it('every operation of every resource has its words', () => {
		const node = new TikTok();
		const operations = node.description.properties.filter((p) => p.name === 'operation');
		let checked = 0;
		for (const property of operations) {
			const resource = String(property.displayOptions?.show?.resource?.[0]);
			for (const option of property.options as Array<{ name: string; value: string }>) {
				expect(subtitleOf(node, { resource, operation: option.value })).toMatch(
					new RegExp(`: ${option.name.replace(/[()]/g, '\\$&')}$`),
				);
				checked++;
			}
		}
		expect(checked).toBeGreaterThan(20);
	});

	it('TikTok Trigger: the chosen events by their labels', () => {
		expect(
			subtitleOf(new TikTokTrigger(), {
				events: ['post.publish.complete', 'post.publish.failed'],
			}),
		).toBe('Events: Post Publish Completed, Post Publish Failed');
	});
});
