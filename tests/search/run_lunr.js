// Answers queries with lunr.js over serialised indexes, as engine.js asks them:
//   node run_lunr.js <indexes.json> → for each index, for each query, [[ref, score], ...]
// <indexes.json>: [{"files": [path, ...], "queries": [{"terms": [...], "field": name | null}, ...]}, ...]
// A query with a field requires every term in that field (engine.js's inField); one
// without asks lunr's default: any term, in any field.
const fs = require("fs");
const path = require("path");
const lunr = require(path.join(path.resolve(__dirname, "..", ".."), "node_modules", "lunr"));

function answer(index, query) {
  return index.query(function (q) {
    query.terms.forEach(function (t) {
      if (query.field) {
        q.term(t, { fields: [query.field], presence: lunr.Query.presence.REQUIRED, usePipeline: false, wildcard: lunr.Query.wildcard.NONE });
      } else {
        q.term(t, { usePipeline: false, wildcard: lunr.Query.wildcard.NONE });
      }
    });
  }).map(function (hit) { return [hit.ref, hit.score]; });
}

const cases = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const out = cases.map(function (c) {
  return c.files.map(function (file) {
    const index = lunr.Index.load(JSON.parse(fs.readFileSync(file, "utf8")));
    return c.queries.map(function (q) { return answer(index, q); });
  });
});
process.stdout.write(JSON.stringify(out));
