// Evaluates JSONata cases with the reference implementation (the jsonata npm package), in the
// format of tests/tools/jsonata_eval_tool.cc: one JSON object per case and line.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const jsonata = createRequire(import.meta.url)('jsonata');

function isFunction(v) {
  return typeof v === 'function' || (v !== null && typeof v === 'object' &&
      (v._jsonata_lambda === true || v._jsonata_function === true));
}

const cases = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const lines = [];
for (const c of cases) {
  let out;
  try {
    const result = await jsonata(c.expr).evaluate(c.input);
    if (result === undefined) out = { undefined: true };
    else if (isFunction(result)) out = { function: true };
    else out = { result: JSON.stringify(result) };
  } catch (err) {
    out = { code: err.code ?? `JS:${err.message}` };
  }
  lines.push(JSON.stringify(out));
}
process.stdout.write(lines.join('\n') + '\n');
