// The twin service of shared/TWIN.md on the real kinvey-flex-sdk@3.3.0.
// flexgo's conformance tests start this file and compare its answers with conformance/twin.
//
// Environment: FLEX_HOST (default localhost), FLEX_PORT (default 10001), FLEX_SHARED_SECRET.
'use strict';

const sdk = require('kinvey-flex-sdk');

const options = {
  host: process.env.FLEX_HOST || 'localhost',
  port: Number(process.env.FLEX_PORT || 10001)
};
if (process.env.FLEX_SHARED_SECRET) {
  options.sharedSecret = process.env.FLEX_SHARED_SECRET;
}

sdk.service(options, (err, flex) => {
  if (err) {
    console.error(err);
    process.exit(1);
  }

  const books = flex.data.serviceObject('books');
  books.onGetAll((request, complete) => {
    complete().setBody([{ _id: '1', title: 'Dune' }, { _id: '2', title: 'Emma' }]).ok().next();
  });
  books.onGetById((request, complete) => {
    if (request.entityId === 'missing') {
      return complete('no such book').notFound().next();
    }
    if (request.entityId === 'bad') {
      return complete().badRequest({ reason: 'bad id' }).next();
    }
    const query = request.query == null ? null : request.query;
    return complete().setBody({ _id: request.entityId, title: `Book ${request.entityId}`, query }).ok().next();
  });
  books.onGetByQuery((request, complete) => {
    complete().setBody({ query: request.query }).ok().next();
  });
  books.onGetCount((request, complete) => {
    complete({ count: 2 }).ok().next();
  });
  books.onGetCountByQuery((request, complete) => {
    complete().setBody({ count: 1, query: request.query }).ok().done();
  });
  books.onInsert((request, complete) => {
    complete().setBody(Object.assign({ _id: 'new' }, request.body)).created().next();
  });
  books.onInsertMany((request, complete) => {
    complete().setBody(request.body.map((b, i) => Object.assign({ _id: `new-${i}` }, b))).created().next();
  });
  books.onUpdate((request, complete) => {
    complete().setBody(Object.assign({}, request.body, { _id: request.entityId })).ok().next();
  });
  books.onDeleteById((request, complete) => {
    complete().setBody({ count: 1 }).ok().next();
  });
  books.onDeleteByQuery((request, complete) => {
    complete().setBody({ count: 2, query: request.query }).ok().next();
  });

  const outcomes = flex.data.serviceObject('outcomes');
  outcomes.onGetById((request, complete) => {
    const c = complete({ detail: `outcome ${request.entityId}` });
    switch (request.entityId) {
      case 'ok': return c.ok().next();
      case 'created': return c.created().next();
      case 'accepted': return c.accepted().done();
      case 'notFound': return c.notFound().next();
      case 'notFoundDebug': return c.notFound('gone').next();
      case 'badRequest': return c.badRequest('bad').next();
      case 'unauthorized': return c.unauthorized('who').next();
      case 'forbidden': return c.forbidden('no').next();
      case 'notAllowed': return c.notAllowed('nope').next();
      case 'notImplemented': return c.notImplemented('later').next();
      case 'runtimeError': return c.runtimeError('broke').next();
      case 'empty': return complete().done();
      default: return c.ok().done();
    }
  });

  flex.functions.register('echo', (context, complete) => {
    complete().setBody({ context }).ok().next();
  });
  flex.functions.register('stamp', (context, complete) => {
    complete().setBody(Object.assign({}, context.body, { stamped: true })).next();
  });
  flex.functions.register('rewriteQuery', (context, complete) => {
    complete().setQuery({ query: { a: 1 }, sort: { b: -1 }, limit: 5 }).next();
  });
  flex.functions.register('reject', (context, complete) => {
    complete().setBody({ why: 'rejected' }).forbidden('hook said no').done();
  });
  flex.functions.register('hang', () => {
    // Never completes: the reference leaves the request open.
  });
  flex.functions.register('boom', () => {
    throw new Error('boom');
  });
  flex.functions.register('modules', (context, complete, modules) => {
    const rc = modules.requestContext;
    modules.tempObjectStore.set('seen', true);
    const version = rc.clientAppVersion;
    const major = version.majorVersion();
    const custom = rc.getCustomRequestProperty('color');
    const appKey = modules.backendContext.getAppKey();
    complete().setBody({
      username: rc.getAuthenticatedUsername(),
      userId: rc.getAuthenticatedUserId(),
      securityContext: rc.getSecurityContext(),
      clientAppVersion: version.stringValue() == null ? null : version.stringValue(),
      major: typeof major === 'number' && !Number.isNaN(major) ? major : null,
      custom: custom === undefined ? null : custom,
      appKey: appKey === undefined ? null : appKey,
      temp: modules.tempObjectStore.getAll()
    }).ok().done();
  });

  flex.auth.register('login', (context, complete) => {
    const password = context.body && context.body.password;
    if (password === 'pw') {
      return complete().setToken({ access_token: `t-${context.body.username}` }).addAttribute('expires_in', 3600).ok().next();
    }
    if (password === 'down') {
      return complete().temporarilyUnavailable('maintenance').next();
    }
    if (password === 'oops') {
      return complete().serverError('oops').next();
    }
    return complete().accessDenied('bad credentials').next();
  });
  flex.auth.register('attrs', (context, complete) => {
    complete({ t: 1 }).addAttribute('a', 1).addAttribute('b', 2).removeAttribute('a').ok().done();
  });
});
