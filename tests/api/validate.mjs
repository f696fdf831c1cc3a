// validate.mjs — the API contract test: every API response the test suite
// received (captured by the server under PROBITY_API_CAPTURE, src/web/api.c)
// is checked against src/web/openapi.json with ajv (JSON Schema 2020-12,
// OpenAPI 3.1's dialect) and ajv-formats: the route and method must be an
// operation of the document, the status one of its responses, the content
// type one it declares, and a JSON body must match its schema. It also
// checks that docs/API.md names exactly the document's operations.
//
//   node tests/api/validate.mjs CAPTURE_DIR [OPENAPI_JSON] [API_MD]
//
// Prints "ok NAME" / "FAIL NAME" lines (tests/run.sh counts them); exits 1
// on any failure.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const [dir, specPath = path.join(root, 'src/web/openapi.json'), mdPath = path.join(root, 'docs/API.md')] =
	process.argv.slice(2);
if (!dir) {
	console.error('usage: node tests/api/validate.mjs CAPTURE_DIR [OPENAPI_JSON] [API_MD]');
	process.exit(2);
}
const spec = JSON.parse(fs.readFileSync(specPath, 'utf8'));
let failed = 0;
const ok = (n) => console.log(`ok ${n}`);
const fail = (n, why) => {
	console.log(`FAIL ${n}`);
	if (why) console.log(`  ${why}`);
	failed++;
};

// The document itself: OpenAPI 3.1 with the 2020-12 dialect.
if (spec.openapi === '3.1.0' && spec.jsonSchemaDialect === 'https://json-schema.org/draft/2020-12/schema')
	ok('openapi: the document is OpenAPI 3.1.0 with the JSON Schema 2020-12 dialect');
else fail('openapi: the document is OpenAPI 3.1.0 with the JSON Schema 2020-12 dialect', `${spec.openapi} ${spec.jsonSchemaDialect}`);

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(spec, 'openapi.json');
const ptr = (s) => s.replace(/~/g, '~0').replace(/\//g, '~1');
const validators = new Map();
function validator(pointer) {
	if (!validators.has(pointer)) validators.set(pointer, ajv.compile({ $ref: `openapi.json#${pointer}` }));
	return validators.get(pointer);
}
// every schema in the document compiles (a broken $ref or keyword fails here)
try {
	for (const name of Object.keys(spec.components.schemas)) validator(`/components/schemas/${ptr(name)}`);
	ok(`openapi: all ${Object.keys(spec.components.schemas).length} schemas compile`);
} catch (e) {
	fail('openapi: all schemas compile', e.message);
}

function resolveResponse(r, at) {
	while (r && r.$ref) {
		at = r.$ref.slice(1);
		r = at.split('/').slice(1).reduce((o, k) => o[k.replace(/~1/g, '/').replace(/~0/g, '~')], spec);
	}
	return [r, at];
}

// ---- every captured response ----
const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
const seen = new Map(); // operation -> count
const problems = new Map(); // message -> [count, example]
function problem(msg, example) {
	const p = problems.get(msg) || [0, example];
	p[0]++;
	problems.set(msg, p);
}
for (const f of files) {
	let c;
	try {
		c = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
	} catch (e) {
		problem(`unreadable capture: ${e.message}`, f);
		continue;
	}
	const method = (c.method === 'HEAD' ? 'get' : c.method.toLowerCase());
	const label = `${c.method} ${c.v1 ? c.path.replace(/^\/api/, '/api/v1') : c.path} -> ${c.status}`;
	let response, at;
	if (!c.route) {
		// no route: an unknown path (404), a method the path lacks (405), or
		// refused before routing (401, 413...): always the error shape
		if (![401, 404, 405, 413, 414, 431, 400].includes(c.status)) {
			problem(`status ${c.status} without a route`, label);
			continue;
		}
		[response, at] = resolveResponse(spec.components.responses.Error, '/components/responses/Error');
	} else {
		const p = c.route === '/api' ? '/api/v1' : c.route.replace(/^\/api\//, '/api/v1/');
		const op = spec.paths[p] && spec.paths[p][method];
		if (!op) {
			problem(`undocumented operation ${method.toUpperCase()} ${p}`, label);
			continue;
		}
		const key = `${method.toUpperCase()} ${p}`;
		seen.set(key, (seen.get(key) || 0) + 1);
		const r = op.responses[String(c.status)];
		if (!r) {
			problem(`undocumented status ${c.status} of ${key}`, label);
			continue;
		}
		[response, at] = resolveResponse(r, `/paths/${ptr(p)}/${method}/responses/${c.status}`);
	}
	if (!response.content) continue;
	const media = (c.ctype || '').split(';')[0].trim();
	if (!response.content[media]) {
		problem(`content type ${media || '(none)'} not declared (${Object.keys(response.content).join(', ')})`, label);
		continue;
	}
	if (c.method === 'HEAD' || media !== 'application/json') continue;
	let body;
	try {
		body = JSON.parse(c.body);
	} catch (e) {
		problem('body is not JSON', label);
		continue;
	}
	const v = validator(`${at}/content/${ptr(media)}/schema`);
	if (!v(body)) {
		for (const e of v.errors.slice(0, 3))
			problem(`${method.toUpperCase()} ${c.route || '(no route)'} ${c.status}: ` +
			        `${(e.instancePath || '(root)').replace(/\/\d+(?=\/|$)/g, '/*')} ${e.message}` +
			        (e.params && e.params.additionalProperty ? ` (${e.params.additionalProperty})` : ''), label);
	}
}
if (files.length === 0) fail('api contract: responses were captured', `nothing in ${dir}`);
else if (problems.size === 0) ok(`api contract: all ${files.length} API responses of the suite match src/web/openapi.json`);
else {
	fail(`api contract: ${[...problems.values()].reduce((a, p) => a + p[0], 0)} of ${files.length} responses do not match src/web/openapi.json`);
	for (const [msg, [n, ex]] of [...problems.entries()].slice(0, 40)) console.log(`  ${n} x ${msg}   e.g. ${ex}`);
}
const ops = [];
for (const [p, item] of Object.entries(spec.paths)) for (const m of Object.keys(item)) ops.push(`${m.toUpperCase()} ${p}`);
const unexercised = ops.filter((o) => !seen.has(o));
console.log(`# ${ops.length - unexercised.length} of ${ops.length} operations exercised by the suite` +
            (unexercised.length ? `; not exercised: ${unexercised.join(', ')}` : ''));

// ---- every API route in the route tables (src/web/*.c) is an operation ----
const srcDir = path.join(root, 'src/web');
const routes = new Set();
for (const f of fs.readdirSync(srcDir).filter((f) => f.endsWith('.c')))
	for (const m of fs.readFileSync(path.join(srcDir, f), 'utf8').matchAll(/\{\s*"(GET|POST|PUT|PATCH|DELETE)",\s*"\/api\/([^"]*)"/g))
		routes.add(`${m[1]} /api/v1/${m[2]}`);
const undocumented = [...routes].filter((r) => !ops.includes(r));
const gone = ops.filter((o) => !routes.has(o));
if (!undocumented.length && !gone.length) ok(`the ${routes.size} API routes of src/web are the document's operations`);
else fail('the API routes of src/web are the document\'s operations',
          `routes without an operation: ${undocumented.join(', ') || '-'}; operations without a route: ${gone.join(', ') || '-'}`);

// ---- docs/API.md and the document name the same operations ----
const md = fs.readFileSync(mdPath, 'utf8');
const inMd = new Set([...md.matchAll(/`(GET|POST|PUT|PATCH|DELETE) (\/api\/v1\/[^`?\s]*)/g)].map((m) => `${m[1]} ${m[2]}`));
const missing = ops.filter((o) => !inMd.has(o));
const extra = [...inMd].filter((o) => !ops.includes(o));
if (!missing.length && !extra.length) ok(`docs/API.md names the ${ops.length} operations of src/web/openapi.json`);
else fail('docs/API.md names the operations of src/web/openapi.json',
          `not in docs/API.md: ${missing.join(', ') || '-'}; not in openapi.json: ${extra.join(', ') || '-'}`);
process.exit(failed ? 1 : 0);
