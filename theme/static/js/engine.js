/* The search engine over the files of creditlists/search/index.py. A query part with a
   token that is not very frequent is looked up in lunr.js: only the shards of its tokens
   are fetched, and every candidate is checked against the definition of a hit
   (creditSegment.matches) with its store record. A part made only of very frequent
   tokens is answered by its precomputed phrase: every entry it matches, as places in
   the date order (search/order/), with the tier of its best field; such answers are
   intersected without fetching a record. Results are ranked by tier (the place in
   meta.searched of the first field a part matches), then lunr's score, then 认定日期
   (latest first), then ref. Runs in the browser and under Node (for the tests):
   createEngine({load: relativePath => Promise<json>, lunr, segment}). */
(function (root) {
  "use strict";

  function fnv1a(token) {
    var h = 0x811c9dc5;
    for (var i = 0; i < token.length; i++) {
      h ^= token.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h >>> 0;
  }

  function has(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }

  function createEngine(options) {
    var lunr = options.lunr, seg = options.segment, cache = {};

    function load(path) {
      if (!cache[path]) cache[path] = options.load(path);
      return cache[path];
    }
    function meta() { return load("meta.json"); }
    function shard(m, token) {
      var n = fnv1a(token) % m.shards;
      if (!cache["index:" + n]) cache["index:" + n] = load("shard/" + n + ".json").then(function (j) { return lunr.Index.load(j); });
      return cache["index:" + n].then(function (index) { return { number: n, index: index }; });
    }
    /* A phrase's answer [count, [[tier, place, gap, …], …]], or null when it has none. */
    function phrase(m, key) {
      if (!m.phrase_files) return Promise.resolve(null);
      return load("phrase/" + (fnv1a(key) % m.phrase_files) + ".json").then(function (t) { return has(t, key) ? t[key] : null; });
    }

    /* Records of refs, fetched chunk by chunk; with withTexts (to check a hit) the long texts
       (meta.texts, search/texts/) appended, as meta.searched counts them. */
    function records(m, refs, withTexts) {
      var chunks = {};
      refs.forEach(function (r) { chunks[Math.floor(r / m.chunk)] = true; });
      return Promise.all(Object.keys(chunks).map(function (c) {
        var store = load("store/" + c + ".json");
        if (!withTexts) return store.then(function (rows) { return [Number(c), rows]; });
        return Promise.all([store, load("texts/" + c + ".json")]).then(function (both) {
          return [Number(c), both[0].map(function (row, i) { return row.concat(both[1][i]); })];
        });
      })).then(function (loaded) {
        var byChunk = {};
        loaded.forEach(function (l) { byChunk[l[0]] = l[1]; });
        return refs.map(function (r) { return byChunk[Math.floor(r / m.chunk)][r % m.chunk]; });
      });
    }

    /* The refs at places of the date order. */
    function refsAt(m, places) {
      var chunks = {};
      places.forEach(function (p) { chunks[Math.floor(p / m.order_chunk)] = true; });
      return Promise.all(Object.keys(chunks).map(function (c) {
        return load("order/" + c + ".json").then(function (refs) { return [Number(c), refs]; });
      })).then(function (loaded) {
        var byChunk = {};
        loaded.forEach(function (l) { byChunk[l[0]] = l[1]; });
        return places.map(function (p) { return byChunk[Math.floor(p / m.order_chunk)][p % m.order_chunk]; });
      });
    }

    /* Entries holding every token in one lunr field: ref -> summed score. */
    function inField(m, tokens, field) {
      var byShard = {};
      return Promise.all(tokens.map(function (t) { return shard(m, t).then(function (s) { byShard[s.number] = byShard[s.number] || { index: s.index, tokens: [] }; byShard[s.number].tokens.push(t); }); }))
        .then(function () {
          var maps = Object.keys(byShard).sort().map(function (k) {
            var s = byShard[k], found = {};
            var known = s.tokens.every(function (t) { return has(s.index.invertedIndex, t); });
            if (!known) return found;
            s.index.query(function (q) {
              s.tokens.forEach(function (t) {
                q.term(t, { fields: [field], presence: lunr.Query.presence.REQUIRED, usePipeline: false, wildcard: lunr.Query.wildcard.NONE });
              });
            }).forEach(function (hit) { found[hit.ref] = hit.score; });
            return found;
          });
          var result = maps[0] || {};
          maps.slice(1).forEach(function (other) { result = intersect(result, other); });
          return result;
        });
    }

    function intersect(a, b) {
      var next = {};
      Object.keys(a).forEach(function (ref) { if (ref in b) next[ref] = a[ref] + b[ref]; });
      return next;
    }

    /* place -> tier from a phrase answer. */
    function decode(answer) {
      var tiers = new Map();
      if (!answer) return tiers;
      answer[1].forEach(function (group) {
        var place = 0;
        for (var i = 1; i < group.length; i++) {
          place = i === 1 ? group[1] : place + group[i];
          tiers.set(place, group[0]);
        }
      });
      return tiers;
    }

    /* The places in every map, each with its lowest tier. */
    function combine(maps) {
      var smallest = maps.reduce(function (a, b) { return b.size < a.size ? b : a; });
      var out = [];
      smallest.forEach(function (tier, place) {
        var best = tier;
        for (var i = 0; i < maps.length; i++) {
          var t = maps[i].get(place);
          if (t === undefined) return;
          if (t < best) best = t;
        }
        out.push([place, best]);
      });
      return out.sort(function (a, b) { return a[1] - b[1] || a[0] - b[0]; });
    }

    /* The phrases that hold every hit of an all-frequent part the phrase files do not
       hold as a whole (several runs, or a Han run longer than phrase_max). */
    function pieces(m, key) {
      return key.split("|").filter(function (run) { return Array.from(run).length > 1 || /^[a-z0-9]/.test(run); })
        .map(function (run) { return /^[a-z0-9]/.test(run) ? run : Array.from(run).slice(0, m.phrase_max).join(""); });
    }

    /* One part: {scores} (lunr candidates, a superset of its hits) or {tiers, exact}
       (place -> tier; exact when they are its hits, else a superset). */
    function plan(m, part) {
      var tokens = seg.queryTokens(part), key = seg.wholeToken(part).slice(1);
      var rare = tokens.filter(function (t) { return !has(m.frequent, t); });
      if (rare.length) {
        return Promise.all(m.fields.map(function (f) { return inField(m, rare, f); })).then(function (found) {
          var scores = {};
          found.forEach(function (s) { Object.keys(s).forEach(function (r) { scores[r] = Math.max(scores[r] || 0, s[r]); }); });
          return { scores: scores };
        });
      }
      return phrase(m, key).then(function (answer) {
        var oneRun = key.indexOf("|") < 0 && (/^[a-z0-9]/.test(key) || Array.from(key).length <= m.phrase_max);
        if (answer || oneRun) return { tiers: decode(answer), exact: true };
        return Promise.all(pieces(m, key).map(function (k) { return phrase(m, k); })).then(function (answers) {
          return { tiers: combine(answers.map(decode)).reduce(function (map, p) { return map.set(p[0], p[1]); }, new Map()), exact: false };
        });
      });
    }

    /* The hits among scored candidates, checked on their records, in rank order. */
    function verify(m, parts, scores) {
      var refs = Object.keys(scores).map(Number);
      return records(m, refs, true).then(function (docs) {
        return refs.map(function (ref, i) { return { ref: ref, score: scores[ref], doc: docs[i], tier: tierOf(m, parts, docs[i]) }; })
          .filter(function (r) { return r.tier >= 0; })
          .sort(function (a, b) {
            var da = a.doc[m.date_column], db = b.doc[m.date_column];
            return a.tier - b.tier || b.score - a.score || (da < db ? 1 : da > db ? -1 : 0) || a.ref - b.ref;
          })
          .map(function (r) { return r.ref; });
      });
    }

    /* The place in meta.searched of the first field some part matches, or -1 when not every part matches. */
    function tierOf(m, parts, doc) {
      var best = m.searched.length;
      for (var i = 0; i < parts.length; i++) {
        var found = -1;
        for (var f = 0; f < m.searched.length && found < 0; f++) {
          if (seg.partMatches(parts[i], m.searched[f][1], doc[m.searched[f][0]])) found = f;
        }
        if (found < 0) return -1;
        best = Math.min(best, found);
      }
      return best;
    }

    function listed(refs) {
      return { total: refs.length, exact: true, slice: function (a, b) { return Promise.resolve(refs.slice(a, b)); } };
    }

    /* {total, exact, slice(start, end) -> Promise<refs in rank order>, tooShort} for a query. */
    function search(query) {
      return meta().then(function (m) {
        var parts = seg.queryParts(query);
        if (!parts.length) return Object.assign(listed([]), { tooShort: query.trim().length > 0 });
        return Promise.all(parts.map(function (p) { return plan(m, p); })).then(function (plans) {
          var scored = plans.filter(function (p) { return p.scores; });
          if (scored.length) {
            var scores = scored.slice(1).reduce(function (a, p) { return intersect(a, p.scores); }, scored[0].scores);
            return verify(m, parts, scores).then(listed);
          }
          var places = combine(plans.map(function (p) { return p.tiers; }));
          if (plans.every(function (p) { return p.exact; })) {
            return { total: places.length, exact: true,
                     slice: function (a, b) { return refsAt(m, places.slice(a, b).map(function (p) { return p[0]; })); } };
          }
          return refsAt(m, places.map(function (p) { return p[0]; })).then(function (refs) {
            var zero = {};
            refs.forEach(function (r) { zero[r] = 0; });
            return verify(m, parts, zero).then(listed);
          });
        });
      });
    }

    return { search: search, records: function (refs) { return meta().then(function (m) { return records(m, refs); }); },
             meta: meta };
  }

  var api = { createEngine: createEngine, fnv1a: fnv1a };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.creditSearch = api;
})(this);
