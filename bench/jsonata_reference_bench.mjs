// The reference implementation (the jsonata npm package) on bench/jsonata_exprs.json over the
// document jsonata_bench wrote: the mean time of one evaluation of each expression, in
// microseconds, as one JSON object {name: us}. Each expression is compiled once, warmed up, then
// evaluated for about `seconds` seconds.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const jsonata = createRequire(import.meta.url)('jsonata');
const [exprsPath, docPath, seconds] = process.argv.slice(2);
const exprs = JSON.parse(readFileSync(exprsPath, 'utf8'));
const doc = JSON.parse(readFileSync(docPath, 'utf8'));
const out = {};
for (const [name, text] of exprs) {
  const expr = jsonata(text);
  for (let i = 0; i < 20; i++) await expr.evaluate(doc);
  let n = 0;
  const t0 = process.hrtime.bigint();
  const budget = BigInt(Math.round(Number(seconds) * 1e9));
  while (process.hrtime.bigint() - t0 < budget) {
    await expr.evaluate(doc);
    n++;
  }
  out[name] = Number(process.hrtime.bigint() - t0) / 1e3 / n;
}
process.stdout.write(JSON.stringify(out) + '\n');
