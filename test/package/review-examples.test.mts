/**
 * Review of #12: the URL-list example as a user runs it. Remove Duplicates ("Remove Items
 * Processed in Previous Executions") records a clip when it passes, before TikTok has accepted
 * it, so a clip TikTok refused (an unverified URL prefix, a rate limit) is skipped on every later
 * run. The sticky note must not promise that only posted clips are skipped.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

interface WorkflowNode {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
}

describe('review: #12 the URL-list example', () => {
	const workflow = JSON.parse(
		readFileSync(resolve(root, 'examples/post-new-clips-from-url-list.json'), 'utf8'),
	) as { nodes: WorkflowNode[]; connections: Record<string, { main: { node: string }[][] }> };

	it('review: the sticky note does not say a clip is skipped only once posted, while clips are recorded before posting', () => {
		const dedupe = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.removeDuplicates');
		const post = workflow.nodes.find((node) => node.type === 'n8n-nodes-tiktok-api.tikTok');
		const feeds = (from: string, to: string): boolean =>
			(workflow.connections[from]?.main ?? [])
				.flat()
				.some((target) => target.node === to || feeds(target.node, to));
		const recordedBeforePosting =
			dedupe !== undefined &&
			post !== undefined &&
			dedupe.parameters.operation === 'removeItemsSeenInPreviousExecutions' &&
			feeds(dedupe.name, post.name);
		const sticky = workflow.nodes
			.filter((node) => node.type === 'n8n-nodes-base.stickyNote')
			.map((node) => String(node.parameters.content))
			.join('\n');
		if (recordedBeforePosting) {
			expect(sticky).not.toMatch(/skips those it posted/);
			// It says what happens to a clip TikTok refused: not tried again by itself.
			expect(sticky).toMatch(/refused[^.]*not (tried|posted) again/i);
		}
	});
});
