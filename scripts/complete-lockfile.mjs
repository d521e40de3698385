#!/usr/bin/env node
// Adds lockfile entries for optional platform binaries that the registry this project is built
// against does not serve (unrs-resolver's non-linux-x64 builds, pulled in by n8n's lint tooling).
// Without them `npm ci` refuses the lockfile as out of sync. Run after `npm install` changes it.
import { readFileSync, writeFileSync } from 'node:fs';

const lockPath = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
const resolver = lock.packages['node_modules/unrs-resolver'];
const platforms = {
	'android-arm-eabi': ['android', 'arm'],
	'android-arm64': ['android', 'arm64'],
	'darwin-arm64': ['darwin', 'arm64'],
	'darwin-x64': ['darwin', 'x64'],
	'freebsd-x64': ['freebsd', 'x64'],
	'linux-arm-gnueabihf': ['linux', 'arm', 'glibc'],
	'linux-arm-musleabihf': ['linux', 'arm', 'musl'],
	'linux-arm64-gnu': ['linux', 'arm64', 'glibc'],
	'linux-arm64-musl': ['linux', 'arm64', 'musl'],
	'linux-loong64-gnu': ['linux', 'loong64', 'glibc'],
	'linux-loong64-musl': ['linux', 'loong64', 'musl'],
	'linux-ppc64-gnu': ['linux', 'ppc64', 'glibc'],
	'linux-riscv64-gnu': ['linux', 'riscv64', 'glibc'],
	'linux-riscv64-musl': ['linux', 'riscv64', 'musl'],
	'linux-s390x-gnu': ['linux', 's390x', 'glibc'],
	'linux-x64-gnu': ['linux', 'x64', 'glibc'],
	'linux-x64-musl': ['linux', 'x64', 'musl'],
	'openharmony-arm64': ['openharmony', 'arm64'],
	'win32-arm64-msvc': ['win32', 'arm64'],
	'win32-ia32-msvc': ['win32', 'ia32'],
	'win32-x64-msvc': ['win32', 'x64'],
};
let added = 0;
if (resolver) {
	for (const [name, [os, cpu, libc]] of Object.entries(platforms)) {
		const key = `node_modules/@unrs/resolver-binding-${name}`;
		if (lock.packages[key]) continue;
		lock.packages[key] = {
			version: resolver.version,
			cpu: [cpu],
			dev: true,
			...(libc ? { libc: [libc] } : {}),
			license: 'MIT',
			optional: true,
			os: [os],
		};
		added++;
	}
	const sorted = Object.fromEntries(
		Object.entries(lock.packages).sort(([a], [b]) =>
			a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0,
		),
	);
	lock.packages = sorted;
	writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
}
console.log(`complete-lockfile: added ${added} optional platform entries`);
