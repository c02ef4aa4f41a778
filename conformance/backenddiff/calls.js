'use strict';

// Runs the calls of the backend differential test through the real modules of kinvey-flex-sdk.
//
// stdin:  {"ref": "<node_modules of the reference>", "sdk4": "<lib of SDK 4.x, or empty>",
//          "calls": [call, ...]} (see calls_test.go for a call's shape)
// stdout: [{"id", "ok", "result", "undefined", "error": {"name", "description", "debug",
//          "body", "bodyUndefined", "isBody"}}, ...], one per call, in order.
//
// Each call gets a task of its own, and its modules from moduleGenerator.generate(task), as the
// SDK builds them for a handler. The calls run one after the other.

const fs = require('fs');
const path = require('path');

const input = JSON.parse(fs.readFileSync(0, 'utf8'));
const service = path.join(input.ref, 'kinvey-flex-sdk', 'lib', 'service');
const moduleGenerator = require(path.join(service, 'moduleGenerator'));
const Query = require(path.join(service, 'modules', 'query'));
// SDK 4.x's dataStore (create, update) when its lib is at hand; its requires ('request',
// 'async') resolve through NODE_PATH, the reference's node_modules.
const dataStore4 = input.sdk4 ? require(path.join(input.sdk4, 'service', 'modules', 'dataStore')) : null;

const UNDEFINED = '$undefined';

// arg turns a JSON argument into the JavaScript value: {"$undefined": true} is undefined.
function arg(v) {
  if (v && typeof v === 'object' && !Array.isArray(v) && v[UNDEFINED] === true) return undefined;
  return v;
}

function makeTask(t) {
  const headers = {};
  if (t.authorization) headers.authorization = t.authorization;
  if (t.host) headers.host = t.host;
  if (t.proto) headers['x-forwarded-proto'] = t.proto;
  const responseHeaders = {};
  if (t.apiVersion) responseHeaders['x-kinvey-api-version'] = t.apiVersion;
  return {
    taskType: 'functions',
    hookType: t.hookType || 'pre',
    appMetadata: t.appMetadata,
    request: {
      headers,
      username: t.username || undefined,
      userId: t.userId || undefined,
      objectName: t.objectName || undefined,
    },
    response: { headers: responseHeaders },
  };
}

// makeDataStore4 builds SDK 4.x's dataStore from the metadata moduleGenerator 3.3.0 derives from
// the task (4.x's own moduleGenerator fixes the request's API version at '5'; the Go client keeps
// 3.3.0's rule, so the comparison is of the module alone).
function makeDataStore4(task) {
  const am = task.appMetadata;
  const appMetadata = {
    _id: am._id, applicationId: am.applicationId, blFlags: am.blFlags,
    appsecret: am.appsecret, mastersecret: am.mastersecret, baasUrl: am.baasUrl,
  };
  const requestMetadata = {
    authenticatedUsername: task.request.username,
    authenticatedUserId: task.request.userId,
    apiVersion: task.response.headers['x-kinvey-api-version'] || '3',
    authorization: task.request.headers.authorization,
    requestId: task.requestId,
  };
  const taskMetadata = {
    taskType: task.taskType,
    objectName: task.request.serviceObjectName || task.request.objectName || task.request.collectionName,
    hookType: task.hookType,
  };
  return dataStore4(appMetadata, requestMetadata, taskMetadata);
}

// makeQuery builds a Query with the real module: from constructor options, or by its methods.
function makeQuery(spec) {
  if (spec.build === 'options') {
    const options = {};
    for (const k of ['filter', 'fields', 'sort', 'limit', 'skip']) {
      if (spec[k] !== undefined && spec[k] !== null) options[k] = spec[k];
    }
    return new Query(options);
  }
  const q = new Query();
  for (const [method, ...args] of spec.ops || []) {
    if (method === 'set') q[args[0]] = args[1];
    else q[method](...args);
  }
  return q;
}

function storeOptions(o) {
  if (!o) return undefined;
  const out = {};
  if (o.useBl) out.useBl = true;
  if (o.useUserContext) out.useUserContext = true;
  if (o.apiVersion) out.apiVersion = o.apiVersion;
  return out;
}

function invoke(modules, task, c) {
  const args = (c.args || []).map(arg);
  if (c.query) args.unshift(makeQuery(c.query));
  switch (c.module) {
    case 'dataStore': {
      const factory = c.sdk === '4' ? makeDataStore4(task) : modules.dataStore;
      return factory(storeOptions(c.options)).collection(c.target)[c.fn](...args);
    }
    case 'userStore':
    case 'groupStore':
    case 'roleStore':
      return modules[c.module](storeOptions(c.options))[c.fn](...args);
    case 'endpointRunner':
      return modules.endpointRunner(storeOptions(c.options)).endpoint(c.target)[c.fn](...args);
    case 'email':
    case 'push':
      return modules[c.module][c.fn](...args);
    default:
      throw new Error(`unknown module ${c.module}`);
  }
}

function text(v) {
  if (v === undefined) return '';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

// outcome normalizes what a call gave. A rejection with an Error reads as the Go *Error reads:
// its message is the Kinvey error name (a TypeError: the name, and the message as description).
// Email and push reject with the answer's body itself: its members are read, and it is kept.
function failure(err) {
  if (err instanceof Error) {
    if (err.name === 'TypeError') return { name: 'TypeError', description: err.message, debug: text(err.debug) };
    return { name: err.message, description: text(err.description), debug: text(err.debug) };
  }
  const isObject = err !== null && typeof err === 'object';
  return {
    name: isObject && err.error !== undefined ? String(err.error) : '',
    description: isObject ? text(err.description) : '',
    debug: isObject ? text(err.debug) : '',
    isBody: true,
    body: err === undefined ? null : err,
    bodyUndefined: err === undefined,
  };
}

async function main() {
  const out = [];
  for (const c of input.calls) {
    const task = makeTask(c.task);
    const modules = moduleGenerator.generate(task);
    try {
      const result = await invoke(modules, task, c);
      out.push({ id: c.id, ok: true, result: result === undefined ? null : result, undefined: result === undefined });
    } catch (err) {
      out.push({ id: c.id, ok: false, error: failure(err) });
    }
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((err) => {
  process.stderr.write(`${err.stack}\n`);
  process.exit(1);
});
