/**
 * The router's dispatch table against what the editor offers: every Resource option has its
 * operations, every Operation option of a resource has an implementation, and the table holds
 * nothing the editor cannot choose (the compiler checks the table against NodeMap; this checks
 * NodeMap's table against the node description users see).
 */
import type { INodeProperties } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { operations } from '../../nodes/TikTok/actions/router.ts';
import { TikTok } from '../../nodes/TikTok/TikTok.node.ts';

const properties: INodeProperties[] = new TikTok().description.properties;
const values = (property: INodeProperties | undefined) =>
	(property?.options ?? []).map((option) => String((option as { value: unknown }).value)).sort();

describe('router', () => {
	it('has a table entry for every Resource option, and no other', () => {
		const resources = values(properties.find((p) => p.name === 'resource'));
		expect(resources.length).toBeGreaterThan(0);
		expect(Object.keys(operations).sort()).toEqual(resources);
	});

	it.each(Object.keys(operations))(
		'%s: every Operation option has an implementation, and every implementation an option',
		(resource) => {
			const operationProperty = properties.find(
				(p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource),
			);
			const offered = values(operationProperty);
			expect(offered.length).toBeGreaterThan(0);
			const table = operations[resource as keyof typeof operations] as Record<
				string,
				{ execute?: unknown; executeAll?: unknown }
			>;
			expect(Object.keys(table).sort()).toEqual(offered);
			for (const name of offered)
				expect(
					typeof table[name].execute === 'function' || typeof table[name].executeAll === 'function',
				).toBe(true);
		},
	);
});
