// Runs the browser's search engine under Node over a built search/ folder:
//   node run_engine.js <site>/search <queries.json> → [{query, total, exact, refs}]
const fs = require("fs");
const path = require("path");
const root = path.resolve(__dirname, "..", "..");
const lunr = require(path.join(root, "node_modules", "lunr"));
const segment = require(path.join(root, "theme", "static", "js", "segment.js"));
const { createEngine } = require(path.join(root, "theme", "static", "js", "engine.js"));

const folder = process.argv[2];
const queries = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const loaded = [];
const engine = createEngine({
  lunr, segment,
  load: (p) => { loaded.push(p); return Promise.resolve(JSON.parse(fs.readFileSync(path.join(folder, p), "utf8"))); },
});
(async () => {
  const out = [];
  for (const q of queries) {
    const r = await engine.search(q);
    const refs = await r.slice(0, r.total);
    out.push({ query: q, total: r.total, exact: r.exact, refs: refs, tooShort: !!r.tooShort });
  }
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
