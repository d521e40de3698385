/**
 * `npm pack` of this checkout (built first: `npm run build`), unpacked into `workDir` as a
 * registry would deliver it. Shared by the package tests that inspect the tarball.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '../..');

export interface Packed {
	/** The tarball's files, sorted, relative to its package folder. */
	files: string[];
	/** Where the tarball was unpacked (its `package/` folder). */
	unpacked: string;
}

export function packInto(workDir: string): Packed {
	if (!existsSync(join(root, 'dist/nodes/TikTok/TikTok.node.js')))
		throw new Error('Run `npm run build` before this test.');
	rmSync(workDir, { recursive: true, force: true });
	mkdirSync(workDir, { recursive: true });
	const output = execFileSync('npm', ['pack', '--json', '--pack-destination', workDir], {
		cwd: root,
		encoding: 'utf8',
	});
	const [packed] = JSON.parse(output) as Array<{
		filename: string;
		files: Array<{ path: string }>;
	}>;
	execFileSync('tar', ['-xzf', join(workDir, packed.filename), '-C', workDir]);
	return { files: packed.files.map((f) => f.path).sort(), unpacked: join(workDir, 'package') };
}
