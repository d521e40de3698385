/**
 * The example workflows users import from n8n's menu (examples/*.json): each parses as an n8n
 * workflow, uses only node types that exist (this package's, by the name an installed package
 * gets, with parameters its nodes really have; and n8n's own nodes that the end-to-end suite runs),
 * explains itself in a sticky note, carries no credential ID or secret, is listed in the README
 * and is imported and executed by the end-to-end suite (test/e2e/run.mts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import {
	type INodeProperties,
	type INodePropertyCollection,
	type INodeTypeDescription,
	NodeHelpers,
	type INodeParameters,
} from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { TikTok } from '../../nodes/TikTok/TikTok.node.ts';
import { TikTokNewCommentTrigger } from '../../nodes/TikTok/TikTokNewCommentTrigger.node.ts';
import { TikTokNewVideoTrigger } from '../../nodes/TikTok/TikTokNewVideoTrigger.node.ts';
import { TikTokTrigger } from '../../nodes/TikTok/TikTokTrigger.node.ts';

const root = resolve(import.meta.dirname, '../..');
const EXAMPLES = join(root, 'examples');
const PACKAGE = 'n8n-nodes-tiktok-api';

/** This package's nodes, by the type name n8n gives them once the package is installed. */
const OWN_NODES = new Map<string, INodeTypeDescription>(
	[
		new TikTok(),
		new TikTokTrigger(),
		new TikTokNewVideoTrigger(),
		new TikTokNewCommentTrigger(),
	].map((node) => [`${PACKAGE}.${node.description.name}`, node.description]),
);

/**
 * n8n's own nodes the examples may use, at the versions the end-to-end suite runs them in n8n
 * 2.41 (each exists in the 1.x line too). A new one belongs here once an e2e scenario runs it.
 */
const N8N_NODES: Record<string, number[]> = {
	'n8n-nodes-base.stickyNote': [1],
	'n8n-nodes-base.scheduleTrigger': [1.2],
	'n8n-nodes-base.webhook': [2.1],
	'n8n-nodes-base.respondToWebhook': [1.1],
	'n8n-nodes-base.code': [2],
	'n8n-nodes-base.removeDuplicates': [2],
	'n8n-nodes-base.if': [2.2],
	'n8n-nodes-base.switch': [3.2],
	'n8n-nodes-base.set': [3.4],
	'n8n-nodes-base.convertToFile': [1.1],
	'n8n-nodes-base.readWriteFile': [1],
};

interface ExampleNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: INodeParameters;
	credentials?: Record<string, { id: unknown; name: string }>;
	onError?: string;
}

interface Example {
	name: string;
	nodes: ExampleNode[];
	connections: Record<string, Record<string, Array<Array<{ node: string; type: string }>>>>;
}

const files = readdirSync(EXAMPLES).sort();
const examples = files
	.filter((file) => file.endsWith('.json'))
	.map((file) => ({ file, workflow: JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8')) }));
const isExpression = (value: unknown) => typeof value === 'string' && value.startsWith('=');

/**
 * Parameters of `values` that the node does not have where they stand (a misspelled name, an
 * option shown for another operation, a value outside a fixed list), as "path: problem".
 */
function parameterProblems(
	properties: INodeProperties[],
	values: INodeParameters,
	description: INodeTypeDescription,
	typeVersion: number,
	rootValues: INodeParameters = values,
	path = '',
): string[] {
	const problems: string[] = [];
	const node = { typeVersion };
	for (const [key, value] of Object.entries(values)) {
		const at = `${path}${key}`;
		const shown = properties.filter(
			(property) =>
				property.name === key &&
				NodeHelpers.displayParameter(values, property, node, description, rootValues),
		);
		const property = shown[0];
		if (!property) {
			problems.push(`${at}: no such parameter here`);
			continue;
		}
		if (property.type === 'notice') problems.push(`${at}: a notice holds no value`);
		if (isExpression(value)) continue;
		const fixed = property.typeOptions?.loadOptionsMethod
			? undefined
			: (property.options as Array<{ value?: unknown }> | undefined)
					?.filter((option) => 'value' in option)
					.map((option) => option.value);
		if (property.type === 'options' && fixed && !fixed.includes(value))
			problems.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(fixed)}`);
		if (property.type === 'multiOptions' && fixed) {
			if (!Array.isArray(value)) problems.push(`${at}: not a list`);
			else
				for (const choice of value)
					if (!fixed.includes(choice))
						problems.push(
							`${at}: ${JSON.stringify(choice)} is not one of ${JSON.stringify(fixed)}`,
						);
		}
		if (property.type === 'boolean' && typeof value !== 'boolean')
			problems.push(`${at}: not a boolean`);
		if (property.type === 'number' && typeof value !== 'number')
			problems.push(`${at}: not a number`);
		if (property.type === 'collection') {
			problems.push(
				...parameterProblems(
					property.options as INodeProperties[],
					value as INodeParameters,
					description,
					typeVersion,
					rootValues,
					`${at}.`,
				),
			);
		}
		if (property.type === 'fixedCollection') {
			const groups = property.options as INodePropertyCollection[];
			for (const [groupName, entries] of Object.entries(value as INodeParameters)) {
				const group = groups.find((g) => g.name === groupName);
				if (!group) {
					problems.push(`${at}.${groupName}: no such group`);
					continue;
				}
				for (const entry of Array.isArray(entries) ? entries : [entries])
					problems.push(
						...parameterProblems(
							group.values,
							entry as INodeParameters,
							description,
							typeVersion,
							rootValues,
							`${at}.${groupName}.`,
						),
					);
			}
		}
	}
	return problems;
}

/** Every key of `value`, at any depth, with its path. */
function* keysOf(value: unknown, path = ''): Generator<[string, unknown]> {
	if (value === null || typeof value !== 'object') return;
	for (const [key, inner] of Object.entries(value)) {
		yield [`${path}${key}`, inner];
		yield* keysOf(inner, `${path}${key}.`);
	}
}

describe('example workflows (examples/)', () => {
	it('holds only workflow files, at least the five the README promises', () => {
		expect(files.filter((file) => !file.endsWith('.json'))).toEqual([]);
		expect(examples.length).toBeGreaterThanOrEqual(5);
	});

	describe.each(examples)('$file', ({ file, workflow }) => {
		const example = workflow as Example;

		it('is a workflow n8n imports: a name, nodes with unique names and IDs, connections between them', () => {
			expect(typeof example.name).toBe('string');
			expect(example.name.length).toBeGreaterThan(10);
			expect(Array.isArray(example.nodes)).toBe(true);
			const names = example.nodes.map((node) => node.name);
			expect(new Set(names).size).toBe(names.length);
			expect(new Set(example.nodes.map((node) => node.id)).size).toBe(names.length);
			for (const node of example.nodes) {
				expect(typeof node.type, node.name).toBe('string');
				expect(node.position, node.name).toHaveLength(2);
				expect(typeof node.parameters, node.name).toBe('object');
			}
			const dangling: string[] = [];
			for (const [from, outputs] of Object.entries(example.connections)) {
				if (!names.includes(from)) dangling.push(`from ${from}`);
				for (const targets of Object.values(outputs))
					for (const target of targets.flat())
						if (!names.includes(target.node)) dangling.push(`${from} -> ${target.node}`);
			}
			expect(dangling).toEqual([]);
			// Every node but the notes and the trigger is reached from somewhere.
			const reached = new Set(
				Object.values(example.connections).flatMap((outputs) =>
					Object.values(outputs).flatMap((targets) => targets.flat().map((t) => t.node)),
				),
			);
			const unreached = example.nodes.filter(
				(node) =>
					node.type !== 'n8n-nodes-base.stickyNote' &&
					!/[tT]rigger$|\.webhook$/.test(node.type) &&
					!reached.has(node.name),
			);
			expect(unreached.map((node) => node.name)).toEqual([]);
		});

		it("uses only this package's nodes (as installed: n8n-nodes-tiktok-api.*) with parameters they have, and n8n's own nodes the e2e suite runs", () => {
			const problems: string[] = [];
			let own = 0;
			for (const node of example.nodes) {
				const description = OWN_NODES.get(node.type);
				if (description) {
					own++;
					const versions = [description.version].flat();
					if (!versions.includes(node.typeVersion))
						problems.push(`${node.name}: version ${node.typeVersion} of ${node.type}`);
					for (const problem of parameterProblems(
						description.properties,
						node.parameters,
						description,
						node.typeVersion,
					))
						problems.push(`${node.name}: ${problem}`);
					continue;
				}
				const versions = N8N_NODES[node.type];
				if (!versions) problems.push(`${node.name}: unknown node type ${node.type}`);
				else if (!versions.includes(node.typeVersion))
					problems.push(`${node.name}: ${node.type} version ${node.typeVersion}`);
			}
			expect(problems).toEqual([]);
			expect(own).toBeGreaterThan(0);
		});

		it('names credentials by a placeholder only: no credential ID, no secret, a type the node takes', () => {
			const problems: string[] = [];
			for (const node of example.nodes) {
				const description = OWN_NODES.get(node.type);
				// The parameters as n8n reads them: unset ones at their defaults (Authentication, say).
				const parameters = description
					? (NodeHelpers.getNodeParameters(
							description.properties,
							node.parameters,
							true,
							false,
							node,
							description,
						) ?? {})
					: node.parameters;
				for (const [type, reference] of Object.entries(node.credentials ?? {})) {
					if (reference.id !== null)
						problems.push(`${node.name}: credential id ${String(reference.id)}`);
					if (!reference.name) problems.push(`${node.name}: credential without a name`);
					const accepted = (description?.credentials ?? []).filter((credential) =>
						NodeHelpers.displayParameter(parameters, credential, node, description ?? null),
					);
					if (!accepted.some((credential) => credential.name === type))
						problems.push(`${node.name}: takes no ${type} credential here`);
				}
				// Every TikTok node that needs a credential has its placeholder.
				for (const credential of description?.credentials ?? [])
					if (
						credential.required &&
						NodeHelpers.displayParameter(parameters, credential, node, description ?? null) &&
						!node.credentials?.[credential.name]
					)
						problems.push(`${node.name}: no ${credential.name} placeholder`);
			}
			for (const [path, value] of keysOf(example)) {
				if (/secret|password|token|apikey|clientid|appid/i.test(path.split('.').pop() ?? ''))
					problems.push(`${path}: looks like a secret (${JSON.stringify(value)?.slice(0, 20)})`);
			}
			expect(problems).toEqual([]);
		});

		it('explains itself in a sticky note: what it does, what to set up, how to adapt it', () => {
			const notes = example.nodes.filter((node) => node.type === 'n8n-nodes-base.stickyNote');
			expect(notes.length).toBeGreaterThan(0);
			const text = notes.map((note) => String(note.parameters.content)).join('\n');
			expect(text).toMatch(/^## /m);
			expect(text).toMatch(/^### Set up$/m);
			expect(text).toMatch(/^### Adapt$/m);
			// The note names the nodes it asks the user to configure.
			for (const node of example.nodes.filter((n) => n.credentials))
				expect(text, `the note does not name ${node.name}`).toContain(`**${node.name}**`);
		});

		it('is listed in the README and imported and run by the end-to-end suite', () => {
			const readme = readFileSync(join(root, 'README.md'), 'utf8');
			const section = readme.slice(
				readme.indexOf('<!-- examples:start -->'),
				readme.indexOf('<!-- examples:end -->'),
			);
			expect(section).toMatch(
				new RegExp(`^- \\[\`${file}\`\\]\\(examples/${file}\\): .{20,}$`, 'm'),
			);
			const e2e = readFileSync(join(root, 'test/e2e/examples.mts'), 'utf8');
			expect(
				new RegExp(`importExample\\(\\s*'${file.replaceAll('.', '\\.')}'`).test(e2e),
				`test/e2e/examples.mts does not import '${file}'`,
			).toBe(true);
			expect(readFileSync(join(root, 'test/e2e/run.mts'), 'utf8')).toMatch(
				/await runExampleScenarios\(/,
			);
		});
	});

	it('the README lists no example that does not exist', () => {
		const readme = readFileSync(join(root, 'README.md'), 'utf8');
		const section = readme.slice(
			readme.indexOf('<!-- examples:start -->'),
			readme.indexOf('<!-- examples:end -->'),
		);
		const listed = [...section.matchAll(/^- \[`([^`]+)`\]/gm)].map((match) => match[1]).sort();
		expect(listed).toEqual(examples.map((example) => example.file));
	});

	it('the parameter check catches a misspelled parameter, a hidden option and a value outside the list', () => {
		const description = OWN_NODES.get(`${PACKAGE}.tikTok`)!;
		const check = (parameters: INodeParameters) =>
			parameterProblems(description.properties, parameters, description, 1);
		const good = { resource: 'video', operation: 'getAll', returnAll: true, options: {} };
		expect(check(good)).toEqual([]);
		expect(check({ ...good, retrunAll: true })).toEqual(['retrunAll: no such parameter here']);
		expect(check({ ...good, options: { downloadAndUpload: true } })).toEqual([
			'options.downloadAndUpload: no such parameter here',
		]);
		expect(check({ ...good, operation: 'list' })[0]).toMatch(/^operation: "list" is not one of/);
		expect(check({ ...good, fields: ['id', 'views'] })[0]).toMatch(
			/^fields: "views" is not one of/,
		);
	});
});
