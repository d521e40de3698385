/**
 * Runs before any n8n import in each test file: a throwaway n8n user folder (n8n writes its
 * encryption key there) and filesystem binary mode, as in a default n8n 2.x install.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll } from 'vitest';

const userFolder = mkdtempSync(join(tmpdir(), 'n8n-tiktok-test-'));
process.env.N8N_USER_FOLDER = userFolder;
// The folder holds every binary the file's executions stored (the benchmark's is 1 GiB): left
// behind, a few runs fill the disk of the machine CI shares.
afterAll(() => rmSync(userFolder, { recursive: true, force: true }));
process.env.N8N_DEFAULT_BINARY_DATA_MODE = 'filesystem';
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
// n8n's logger would print every node error of the negative-path tests.
process.env.N8N_LOG_LEVEL = 'silent';

const { Container } = await import('@n8n/di');
const { BinaryDataService } = await import('n8n-core');
await Container.get(BinaryDataService).init();

// n8n 2.x encrypts credentials with data keys wrapped by the instance key; the CLI registers
// the provider from its database. Tests register one key the same way.
const { Cipher, EncryptionKeyProxy } = await import('n8n-core');
const { randomBytes } = await import('node:crypto');
const cipher = Container.get(Cipher);
const dataKey = {
	id: 'testkey1',
	value: cipher.encryptDEKWithInstanceKey(randomBytes(32).toString('hex')),
	algorithm: 'aes-256-gcm',
	format: 'prefixed' as const,
};
Container.get(EncryptionKeyProxy).setProvider({
	getActiveKey: async () => dataKey,
	getKeyById: async (id: string) => (id === dataKey.id ? dataKey : null),
	getLegacyKey: async () => dataKey,
});
