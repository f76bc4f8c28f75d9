#include "lambda/runtime/bootstraps.h"

namespace stepshift::lambdas::internal {

// Errors are the documents AWS's Node.js runtime reports: errorType, errorMessage, trace;
// Runtime.ImportModuleError, Runtime.HandlerNotFound and Runtime.MalformedHandlerName for
// handlers that cannot be loaded. console.* writes "TIME\tREQUEST_ID\tLEVEL\tmessage" lines.
const std::string_view kNodeBootstrap = R"js(
'use strict';
const http = require('http');
const path = require('path');
const util = require('util');
const { pathToFileURL } = require('url');

const [HOST, PORT] = process.env.AWS_LAMBDA_RUNTIME_API.split(':');
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
let currentRequestId = null;

function call(method, urlPath, body, headers) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(body);
    const request = http.request({
      host: HOST, port: PORT, method, agent, path: '/2018-06-01/runtime' + urlPath,
      headers: Object.assign(data ? { 'Content-Length': data.length } : {}, headers || {}),
    }, (response) => {
      const chunks = [];
      response.on('data', (c) => chunks.push(c));
      response.on('end', () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
    });
    request.on('error', reject);
    if (data) request.write(data);
    request.end();
  });
}

for (const [method, level] of [['log', 'INFO'], ['info', 'INFO'], ['warn', 'WARN'],
                               ['error', 'ERROR'], ['debug', 'DEBUG'], ['trace', 'TRACE']]) {
  console[method] = (...args) => {
    const line = util.format(...args).replace(/\n/g, '\r');
    process.stdout.write(`${new Date().toISOString()}\t${currentRequestId}\t${level}\t${line}\n`);
  };
}

class HandlerError extends Error {
  constructor(type, message) { super(message); this.name = type; }
}

async function loadHandler(spec) {
  const dot = spec.lastIndexOf('.');
  if (dot < 0) throw new HandlerError('Runtime.MalformedHandlerName', `Bad handler ${spec}`);
  const modulePath = path.resolve(process.env.LAMBDA_TASK_ROOT, spec.slice(0, dot));
  let module;
  try {
    module = await loadModule(modulePath);
  } catch (e) {
    if (e instanceof SyntaxError) throw new HandlerError('Runtime.UserCodeSyntaxError', String(e));
    throw new HandlerError('Runtime.ImportModuleError', String(e));
  }
  let handler = module;
  for (const part of spec.slice(dot + 1).split('.')) handler = handler && handler[part];
  if (typeof handler !== 'function') {
    throw new HandlerError('Runtime.HandlerNotFound', `${spec} is undefined or not exported`);
  }
  return handler;
}

async function loadModule(modulePath) {
  const fs = require('fs');
  for (const ext of ['.js', '.mjs', '.cjs']) {
    if (!fs.existsSync(modulePath + ext)) continue;
    if (ext === '.mjs') return await import(pathToFileURL(modulePath + ext).href);
    return require(modulePath + ext);
  }
  return require(modulePath);  // throws "Cannot find module" as AWS reports it
}

function context(headers) {
  const deadline = Number(headers['lambda-runtime-deadline-ms'] || 0);
  const clientContext = headers['lambda-runtime-client-context'];
  return {
    awsRequestId: headers['lambda-runtime-aws-request-id'],
    invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'],
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    clientContext: clientContext ? JSON.parse(clientContext) : undefined,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}

function runHandler(handler, event, ctx) {
  return new Promise((resolve, reject) => {
    const callback = (error, result) => (error ? reject(error) : resolve(result));
    try {
      const returned = handler(event, ctx, callback);
      if (returned && typeof returned.then === 'function') returned.then(resolve, reject);
      else if (handler.length < 3) resolve(returned);
    } catch (e) {
      reject(e);
    }
  });
}

function errorDocument(e) {
  if (!(e instanceof Error)) {
    return { errorType: 'string', errorMessage: typeof e === 'string' ? e : JSON.stringify(e), trace: [] };
  }
  return { errorType: e.name, errorMessage: e.message, trace: String(e.stack || '').split('\n') };
}

async function main() {
  let handler = null;
  let loadError = null;
  try {
    handler = await loadHandler(process.env._HANDLER);
  } catch (e) {
    loadError = e;
  }
  for (;;) {
    const next = await call('GET', '/invocation/next');
    currentRequestId = next.headers['lambda-runtime-aws-request-id'];
    const base = `/invocation/${currentRequestId}/`;
    try {
      if (loadError) throw loadError;
      const event = next.body.length ? JSON.parse(next.body.toString('utf8')) : {};
      const result = await runHandler(handler, event, context(next.headers));
      await call('POST', base + 'response', result === undefined ? 'null' : JSON.stringify(result));
    } catch (e) {
      const doc = errorDocument(e);
      console.error(`Invoke Error \t${JSON.stringify(doc)}`);
      await call('POST', base + 'error', JSON.stringify(doc),
                 { 'Lambda-Runtime-Function-Error-Type': doc.errorType });
    }
  }
}

main();
)js";

}  // namespace stepshift::lambdas::internal
