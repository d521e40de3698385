/**
 * A throwaway certificate authority and one server certificate for TikTok's hostnames, made with
 * the openssl CLI at run time (node:crypto can make keys but not X.509 certificates). Nothing is
 * written outside `dir`, nothing is installed system-wide: only the n8n process under test trusts
 * the CA, through NODE_EXTRA_CA_CERTS. The CA is valid for one day and its key is discarded with
 * `dir`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface EmulatorCerts {
	/** PEM of the throwaway CA: what NODE_EXTRA_CA_CERTS points at. */
	caFile: string;
	ca: string;
	key: string;
	cert: string;
}

function openssl(args: string[], cwd: string): void {
	execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

export function makeEmulatorCerts(dir: string, hostnames: string[]): EmulatorCerts {
	mkdirSync(dir, { recursive: true });
	// Node's TLS (OpenSSL 3) insists on proper extensions: a CA with keyCertSign, a leaf with
	// serverAuth and subjectAltName (the CN is ignored for hostname checks).
	writeFileSync(
		join(dir, 'ca.cnf'),
		[
			'[req]',
			'distinguished_name = dn',
			'x509_extensions = v3_ca',
			'prompt = no',
			'[dn]',
			'CN = TikTok EMULATOR throwaway CA (not TikTok)',
			'O = n8n-nodes-tiktok-api e2e tests',
			'[v3_ca]',
			'basicConstraints = critical, CA:TRUE, pathlen:0',
			'keyUsage = critical, keyCertSign, cRLSign',
			'subjectKeyIdentifier = hash',
			'',
		].join('\n'),
	);
	writeFileSync(
		join(dir, 'leaf.ext'),
		[
			'basicConstraints = critical, CA:FALSE',
			'keyUsage = critical, digitalSignature, keyEncipherment',
			'extendedKeyUsage = serverAuth',
			'authorityKeyIdentifier = keyid',
			`subjectAltName = ${hostnames.map((h) => `DNS:${h}`).join(', ')}`,
			'',
		].join('\n'),
	);
	openssl(
		[
			'req',
			'-x509',
			'-newkey',
			'ec',
			'-pkeyopt',
			'ec_paramgen_curve:prime256v1',
			'-nodes',
			'-days',
			'1',
			'-keyout',
			'ca.key',
			'-out',
			'ca.pem',
			'-config',
			'ca.cnf',
		],
		dir,
	);
	openssl(
		[
			'req',
			'-newkey',
			'ec',
			'-pkeyopt',
			'ec_paramgen_curve:prime256v1',
			'-nodes',
			'-keyout',
			'leaf.key',
			'-out',
			'leaf.csr',
			'-subj',
			'/CN=TikTok EMULATOR (not TikTok)',
		],
		dir,
	);
	openssl(
		[
			'x509',
			'-req',
			'-in',
			'leaf.csr',
			'-CA',
			'ca.pem',
			'-CAkey',
			'ca.key',
			'-CAcreateserial',
			'-days',
			'1',
			'-sha256',
			'-extfile',
			'leaf.ext',
			'-out',
			'leaf.pem',
		],
		dir,
	);
	return {
		caFile: join(dir, 'ca.pem'),
		ca: readFileSync(join(dir, 'ca.pem'), 'utf8'),
		key: readFileSync(join(dir, 'leaf.key'), 'utf8'),
		cert: readFileSync(join(dir, 'leaf.pem'), 'utf8'),
	};
}
