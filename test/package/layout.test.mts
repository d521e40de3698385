/**
 * The architecture as the README's folder map and docs/architecture.md describe it, held against
 * the source's own imports: the layers import downward only, credentials use only the auth module,
 * no action imports another action, there are no import cycles, and the folder map matches the tree.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const sourceFiles = execFileSync(
	'git',
	['ls-files', '-co', '--exclude-standard', 'nodes', 'credentials'],
	{ cwd: root, encoding: 'utf8' },
)
	.split('\n')
	.filter((path) => path.endsWith('.ts') && existsSync(join(root, path)));

/** Relative imports of a file, resolved to repository paths (`export … from` included). */
function importsOf(file: string): string[] {
	const found: string[] = [];
	for (const match of read(file).matchAll(/(?:import|export)\s[^;]*?from\s+'(\.{1,2}\/[^']+)'/g)) {
		const base = resolve(join(root, dirname(file)), match[1]);
		const candidates = [`${base}.ts`, join(base, 'index.ts'), base];
		const target = candidates.find(
			(candidate) => existsSync(candidate) && statSync(candidate).isFile(),
		);
		if (!target) throw new Error(`${file}: cannot resolve ${match[1]}`);
		found.push(relative(root, target));
	}
	return found;
}

const graph = new Map(sourceFiles.map((file) => [file, importsOf(file)]));

/** Layer of a file, by folder: a file may import its own folder or a lower layer, never a higher one or a sibling. */
const LAYERS: Array<[RegExp, number, string]> = [
	[/^nodes\/TikTok\/[^/]+\.node\.ts$/, 6, 'node classes'],
	[/^credentials\//, 5, 'credentials'],
	[/^nodes\/TikTok\/actions\//, 5, 'actions'],
	[/^nodes\/TikTok\/triggers\//, 5, 'triggers'],
	[/^nodes\/TikTok\/methods\//, 5, 'methods'],
	[/^nodes\/TikTok\/developers\//, 4, 'developers'],
	[/^nodes\/TikTok\/business\//, 4, 'business'],
	[/^nodes\/TikTok\/media\//, 4, 'media'],
	[/^nodes\/TikTok\/state\//, 4, 'state'],
	[/^nodes\/TikTok\/transport\//, 3, 'transport'],
	[/^nodes\/TikTok\/auth\//, 2, 'auth'],
	[/^nodes\/TikTok\/helpers\//, 1, 'helpers'],
	[/^nodes\/TikTok\/compat\//, 1, 'compat'],
];

function layerOf(file: string): { rank: number; name: string } {
	const found = LAYERS.find(([pattern]) => pattern.test(file));
	if (!found) throw new Error(`${file} is in no layer of the folder map`);
	return { rank: found[1], name: found[2] };
}

describe('layout', () => {
	it('every source file belongs to a layer, and imports only its own folder or lower layers', () => {
		const upward: string[] = [];
		for (const [file, imports] of graph) {
			const from = layerOf(file);
			for (const target of imports) {
				const to = layerOf(target);
				const sameFolder = from.name === to.name;
				// The node classes use everything below them, actions/common (descriptions) included.
				const nodeClass = from.name === 'node classes';
				if (!sameFolder && !nodeClass && to.rank >= from.rank) upward.push(`${file} -> ${target}`);
			}
		}
		expect(upward).toEqual([]);
	});

	it('credentials import only the shared auth module of the node', () => {
		const offenders = [...graph]
			.filter(([file]) => file.startsWith('credentials/'))
			.flatMap(([file, imports]) =>
				imports
					.filter((target) => !target.startsWith('nodes/TikTok/auth/'))
					.map((target) => `${file} -> ${target}`),
			);
		expect(offenders).toEqual([]);
	});

	it("no action imports another action (shared pieces live in actions/common/ or the resource's common.ts)", () => {
		const offenders: string[] = [];
		for (const [file, imports] of graph) {
			if (
				!file.startsWith('nodes/TikTok/actions/') ||
				file.endsWith('/index.ts') ||
				file.endsWith('/router.ts')
			)
				continue;
			for (const target of imports)
				if (target.endsWith('.operation.ts')) offenders.push(`${file} -> ${target}`);
		}
		expect(offenders).toEqual([]);
	});

	it('has no import cycles', () => {
		const cycles: string[] = [];
		const state = new Map<string, 'open' | 'done'>();
		const visit = (file: string, path: string[]) => {
			if (state.get(file) === 'done') return;
			if (state.get(file) === 'open') {
				cycles.push([...path.slice(path.indexOf(file)), file].join(' -> '));
				return;
			}
			state.set(file, 'open');
			for (const target of graph.get(file) ?? []) visit(target, [...path, file]);
			state.set(file, 'done');
		};
		for (const file of graph.keys()) visit(file, []);
		expect(cycles).toEqual([]);
	});

	it("the README's folder map names every folder of the package and the tests, and only folders that exist", () => {
		const readme = read('README.md');
		const map = readme.slice(
			readme.indexOf('<!-- folder-map:start -->'),
			readme.indexOf('<!-- folder-map:end -->'),
		);
		const listed = [...map.matchAll(/^- `([^`]+)\/`/gm)].map((match) => match[1]).sort();
		const folders = new Set<string>();
		for (const file of [
			...sourceFiles,
			...execFileSync('git', ['ls-files', 'test', 'scripts', 'docs', 'examples'], {
				cwd: root,
				encoding: 'utf8',
			})
				.split('\n')
				.filter(Boolean),
		]) {
			const folder = dirname(file);
			// Resource folders under actions/ are described by their parent's line.
			if (/^nodes\/TikTok\/actions\/(?!common$)[^/]+$/.test(folder)) continue;
			if (/^(scripts|docs|test\/fixtures)\/./.test(folder)) continue;
			folders.add(folder);
		}
		expect(listed).toEqual([...folders].sort());
	});
});
