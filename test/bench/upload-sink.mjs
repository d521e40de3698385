// TikTok's upload host for the benchmark, in its own process so its buffers do not count against
// the measured one: streams each PUT body through SHA-256 without keeping it, checks the ranges
// arrive in order, and answers 206 until the last byte, then 201. GET /stats?upload_id=… reports.
// Listens on 127.0.0.1 only; exits when its stdin closes (the bench ended) or after 30 minutes.
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';

const uploads = new Map();
const server = createServer((req, res) => {
	const url = new URL(req.url, 'http://127.0.0.1');
	const id = url.searchParams.get('upload_id') ?? '';
	if (req.method === 'GET' && url.pathname === '/stats') {
		const u = uploads.get(id);
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end(
			JSON.stringify(u ? { bytes: u.bytes, chunks: u.chunks, sha256: u.digest ?? null } : null),
		);
		return;
	}
	if (req.method !== 'PUT') {
		res.writeHead(405).end();
		return;
	}
	const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(req.headers['content-range'] ?? '');
	let u = uploads.get(id);
	if (!u) uploads.set(id, (u = { bytes: 0, chunks: 0, hash: createHash('sha256') }));
	if (
		!match ||
		Number(match[1]) !== u.bytes ||
		Number(req.headers['content-length']) !== Number(match[2]) - Number(match[1]) + 1
	) {
		req.resume();
		req.on('end', () =>
			res.writeHead(416, { 'content-range': `bytes 0-${u.bytes - 1}/${match?.[3] ?? 0}` }).end(),
		);
		return;
	}
	let received = 0;
	req.on('data', (piece) => {
		u.hash.update(piece);
		received += piece.length;
	});
	req.on('end', () => {
		u.bytes += received;
		u.chunks++;
		const last = u.bytes === Number(match[3]);
		if (last) u.digest = u.hash.digest('hex');
		res.writeHead(last ? 201 : 206).end();
	});
});
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
setTimeout(() => process.exit(0), 30 * 60_000).unref();
