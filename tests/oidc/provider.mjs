// tests/oidc/provider.mjs — a small OpenID Connect provider for the tests
// (node's own http and crypto, no package): discovery, authorization
// (code flow, PKCE S256 required), token (client secret, code used once,
// verifier checked), JWKS. It signs ID tokens with RS256. Who signs in and
// how the token is spoiled are set by POST /control, so the tests can ask
// for a good sign-in and for each refusal Probity must make:
//   {"claims": {...}, "mode": "good" | "badsig" | "wrongaud" | "expired" | "oldnonce" | "none" | "rotated"}
// usage: node provider.mjs PORT CLIENT_ID CLIENT_SECRET REDIRECT_URI
// Prints "listening" when ready. Counts in GET /stats.
import http from 'node:http';
import crypto from 'node:crypto';

const [port, clientId, clientSecret, redirectUri] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;
const gen = () => crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const key1 = gen(), evil = gen(), key2 = gen();
let keys = [{ kid: 'k1', pair: key1 }];
let current = keys[0];
const jwk = ({ kid, pair }) => ({ ...pair.publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' });
const b64u = (b) => Buffer.from(b).toString('base64url');
const sha256 = (s) => crypto.createHash('sha256').update(s).digest('base64url');

let control = { claims: { sub: 'user-1' }, mode: 'good' };
const codes = new Map();
let lastNonce = null;
const stats = { authorize: 0, token: 0, token_refused: 0, jwks: 0 };

function sign(payload, pair, kid, alg = 'RS256') {
	const head = b64u(JSON.stringify({ alg, typ: 'JWT', kid }));
	const body = b64u(JSON.stringify(payload));
	if (alg === 'none') return `${head}.${body}.`;
	const sig = crypto.sign('sha256', Buffer.from(`${head}.${body}`), pair.privateKey);
	return `${head}.${body}.${b64u(sig)}`;
}

function idToken(flow) {
	const now = Math.floor(Date.now() / 1000);
	const mode = flow.mode;
	const p = { iss: issuer, aud: clientId, iat: now, exp: now + 300, nonce: flow.nonce, ...flow.claims };
	if (mode === 'wrongaud') p.aud = 'some-other-client';
	if (mode === 'expired') { p.iat = now - 900; p.exp = now - 600; }
	if (mode === 'oldnonce') p.nonce = lastNonce || 'never-seen';
	if (mode === 'badsig') return sign(p, evil, 'k1');
	if (mode === 'none') return sign(p, null, 'k1', 'none');
	if (mode === 'rotated') { current = { kid: 'k2', pair: key2 }; keys = [current]; }
	return sign(p, current.pair, current.kid);
}

function send(res, status, obj, headers = {}) {
	res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
	res.end(JSON.stringify(obj));
}

function readBody(req) {
	return new Promise((resolve) => {
		let s = '';
		req.on('data', (d) => { s += d; });
		req.on('end', () => resolve(s));
	});
}

http.createServer(async (req, res) => {
	const url = new URL(req.url, issuer);
	if (req.method === 'GET' && url.pathname === '/.well-known/openid-configuration') {
		return send(res, 200, {
			issuer, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${issuer}/token`,
			jwks_uri: `${issuer}/jwks`, response_types_supported: ['code'], subject_types_supported: ['public'],
			id_token_signing_alg_values_supported: ['RS256'], code_challenge_methods_supported: ['S256'],
		});
	}
	if (req.method === 'GET' && url.pathname === '/jwks') {
		stats.jwks++;
		return send(res, 200, { keys: keys.map(jwk) });
	}
	if (req.method === 'GET' && url.pathname === '/stats') return send(res, 200, stats);
	if (req.method === 'POST' && url.pathname === '/control') {
		control = JSON.parse(await readBody(req));
		return send(res, 200, { ok: true });
	}
	if (req.method === 'GET' && url.pathname === '/authorize') {
		stats.authorize++;
		const q = url.searchParams;
		if (q.get('client_id') !== clientId || q.get('response_type') !== 'code' ||
		    q.get('redirect_uri') !== redirectUri || q.get('code_challenge_method') !== 'S256' ||
		    !q.get('code_challenge') || !q.get('state') || !q.get('nonce') || !(q.get('scope') || '').includes('openid')) {
			return send(res, 400, { error: 'invalid_request' });
		}
		const code = crypto.randomBytes(16).toString('hex');
		codes.set(code, { challenge: q.get('code_challenge'), nonce: q.get('nonce'), claims: control.claims,
		                  mode: control.mode });
		res.writeHead(302, { Location: `${redirectUri}?code=${code}&state=${encodeURIComponent(q.get('state'))}` });
		return res.end();
	}
	if (req.method === 'POST' && url.pathname === '/token') {
		stats.token++;
		const f = new URLSearchParams(await readBody(req));
		const flow = codes.get(f.get('code'));
		codes.delete(f.get('code'));
		if (!flow || f.get('grant_type') !== 'authorization_code' || f.get('client_id') !== clientId ||
		    f.get('client_secret') !== clientSecret || f.get('redirect_uri') !== redirectUri ||
		    sha256(f.get('code_verifier') || '') !== flow.challenge) {
			stats.token_refused++;
			return send(res, 400, { error: 'invalid_grant' });
		}
		const token = idToken(flow);
		if (flow.mode === 'good') lastNonce = flow.nonce;
		return send(res, 200, { access_token: crypto.randomBytes(16).toString('hex'), token_type: 'Bearer',
		                        expires_in: 300, id_token: token });
	}
	send(res, 404, { error: 'not_found' });
}).listen(Number(port), '127.0.0.1', () => console.log('listening'));
