// Runs the querydiff cases on the Node SDK (kinvey-flex-sdk@3.3.0): reads one
// JSON batch on stdin, writes one JSON answer on stdout. Started by
// querydiff_test.go; uses only node's built-ins and ../reference/node_modules.
'use strict';

const path = require('path');

const modules = path.join(__dirname, '..', 'reference', 'node_modules', 'kinvey-flex-sdk', 'lib', 'service', 'modules');
const Query = require(path.join(modules, 'query'));
const kinveyDate = require(path.join(modules, 'kinveyDate'));
const kinveyEntity = require(path.join(modules, 'kinveyEntity'));

// Values: JSON, with {"$$undefined":true}, {"$$num":"NaN"|"Infinity"|"-Infinity"|"-0"},
// {"$$date": ms|"invalid"} and {"$$regexp": [source, flags]}.
function decode(v) {
  if (Array.isArray(v)) return v.map(decode);
  if (v && typeof v === 'object') {
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0].startsWith('$$')) {
      const x = v[keys[0]];
      switch (keys[0]) {
        case '$$undefined': return undefined;
        case '$$num': return x === '-0' ? -0 : Number(x);
        case '$$date': return new Date(x === 'invalid' ? NaN : x);
        case '$$regexp': return new RegExp(x[0], x[1]);
        default: break;
      }
    }
    const o = {};
    keys.forEach((k) => { o[k] = decode(v[k]); });
    return o;
  }
  return v;
}

function encode(v) {
  if (v === undefined) return { $$undefined: true };
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return { $$num: 'NaN' };
    if (v === Infinity) return { $$num: 'Infinity' };
    if (v === -Infinity) return { $$num: '-Infinity' };
    if (Object.is(v, -0)) return { $$num: '-0' };
    return v;
  }
  if (v instanceof Date) return { $$date: Number.isNaN(v.getTime()) ? 'invalid' : v.getTime() };
  if (Array.isArray(v)) return v.map(encode);
  if (v && typeof v === 'object') {
    const o = {};
    Object.keys(v).forEach((k) => { o[k] = encode(v[k]); });
    return o;
  }
  return v;
}

function errInfo(e) {
  if (e && e.message === 'QueryError') return { name: 'QueryError', message: e.debug };
  return { name: (e && e.name) || 'Error', message: String(e && e.message) };
}

function pairs(qs) { return Object.keys(qs).map((k) => [k, qs[k]]); }

// build runs the steps of a chain; it returns {root, cur, error, errorAt}.
function build(spec, refs) {
  const root = spec.options ? new Query(decode(spec.options)) : new Query();
  let cur = root;
  const out = { root, cur, error: null, errorAt: -1 };
  const steps = spec.steps || [];
  for (let i = 0; i < steps.length; i += 1) {
    const s = steps[i];
    try {
      if (s.op === 'set') {
        cur[s.prop] = decode(s.value);
      } else if (s.op === 'and' || s.op === 'or' || s.op === 'nor') {
        const args = (s.queries || []).map((q) => {
          if (q === null) return null;
          if (q.ref === 'root') return root;
          if (q.ref === 'cur') return cur;
          if (q.plain !== undefined) return decode(q.plain);
          const sub = build(q, refs);
          if (sub.error) throw sub.thrown;
          return q.useCur ? sub.cur : sub.root;
        });
        cur = cur[s.op](...args);
      } else {
        cur = cur[s.op](...(s.args || []).map(decode));
      }
    } catch (e) {
      out.error = errInfo(e);
      out.thrown = e;
      out.errorAt = i;
      break;
    }
  }
  out.cur = cur;
  return out;
}

function runChain(c) {
  let b;
  try {
    b = build(c);
  } catch (e) {
    return { error: errInfo(e), errorAt: -2 };
  }
  const res = { error: b.error, errorAt: b.errorAt };
  try {
    res.root = pairs(b.root.toQueryString());
    res.cur = pairs(b.cur.toQueryString());
    res.json = JSON.stringify(b.root);
    res.string = b.cur.toString();
  } catch (e) {
    if (!res.error) { res.error = errInfo(e); res.errorAt = 'output'; }
    delete res.root; delete res.cur; delete res.json; delete res.string;
  }
  return res;
}

function runProcess(c, datasets) {
  const b = build(c);
  if (b.error) return { error: b.error, errorAt: b.errorAt };
  const data = JSON.parse(JSON.stringify(datasets[c.data]));
  try {
    const q = c.on === 'cur' ? b.cur : b.root;
    const r = q.process(data);
    return { result: JSON.parse(JSON.stringify(r === undefined ? null : r)) };
  } catch (e) {
    return { error: errInfo(e), errorAt: 'process' };
  }
}

function runDate(c) {
  const input = decode(c.input);
  let r;
  if (c.fn === 'to') r = kinveyDate.toKinveyDateString(input);
  else if (c.format === undefined) r = kinveyDate.fromKinveyDateString(input);
  else r = kinveyDate.fromKinveyDateString(input, c.format);
  if (r && r._isAMomentObject) r = { moment: r.isValid() ? r.valueOf() : 'invalid' };
  return { result: encode(r === undefined ? undefined : r) };
}

const HEX24 = /^[0-9a-f]{24}$/;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

// shape replaces generated ids and timestamps by markers, so that two runs
// compare equal.
function shape(v, key) {
  if (key === '_id' && v && typeof v === 'object' && typeof v.toHexString === 'function') {
    return HEX24.test(v.toHexString()) ? '<objectid>' : '<bad objectid>';
  }
  if (typeof v === 'string' && (key === 'lmt' || key === 'ect') && ISO.test(v)) {
    return Math.abs(Date.parse(v) - Date.now()) < 60000 ? '<now>' : v;
  }
  if (typeof v === 'string' && key === '_id' && HEX24.test(v)) return '<hexid>';
  if (Array.isArray(v)) return v.map((x) => shape(x));
  if (v && typeof v === 'object') {
    const o = {};
    Object.keys(v).forEach((k) => { o[k] = shape(v[k], k); });
    return o;
  }
  return v;
}

function runEntity(c) {
  const mod = kinveyEntity(c.env, c.bson);
  const res = { ops: [] };
  let e;
  try {
    e = c.input === undefined ? mod.entity() : mod.entity(decode(c.input));
  } catch (err) {
    return { error: errInfo(err) };
  }
  res.isEntity = mod.isKinveyEntity(e);
  res.idType = typeof e._id;
  (c.ops || []).forEach((op) => {
    const [name, ...args] = op;
    try {
      const r = e._acl[name](...args.map(decode));
      res.ops.push(r === e._acl || (r && typeof r.getCreator === 'function') ? '<acl>' : shape(encode(r)));
    } catch (err) {
      res.ops.push({ error: errInfo(err).name });
    }
  });
  res.entity = shape(JSON.parse(JSON.stringify(e)));
  res.isEntityAfter = mod.isKinveyEntity(e);
  if (c.checkPlain) res.isPlain = mod.isKinveyEntity(JSON.parse(JSON.stringify(e)));
  return res;
}

function runRegexp(p) {
  try {
    const r = new RegExp(p[0], p[1]);
    const out = { source: r.source, flags: r.flags };
    if (p[2]) out.tests = p[2].map((s) => r.test(s));
    return out;
  } catch (e) {
    return { error: errInfo(e) };
  }
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => { input += d; });
process.stdin.on('end', () => {
  const batch = JSON.parse(input);
  const out = {
    chains: (batch.chains || []).map(runChain),
    process: (batch.process || []).map((c) => runProcess(c, batch.datasets || {})),
    dates: (batch.dates || []).map(runDate),
    entities: (batch.entities || []).map(runEntity),
    regexps: (batch.regexps || []).map(runRegexp),
  };
  process.stdout.write(JSON.stringify(out));
});
