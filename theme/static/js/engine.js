/* The search engine over the files of creditlists/search/index.py: fetches only the
   shards of a query's tokens, asks lunr.js for the entries that hold them, checks
   each candidate against the definition of a hit (creditSegment.matches) with its
   store record, and answers parts made only of very frequent tokens from the
   precomputed phrase files. Runs in the browser and under Node (for the tests):
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
    function phrase(m, key) {
      return load("phrase/" + (fnv1a(key) % m.phrase_files) + ".json").then(function (t) { return t[key] || [0, []]; });
    }

    /* Records of refs, fetched chunk by chunk. */
    function records(m, refs) {
      var chunks = {};
      refs.forEach(function (r) { chunks[Math.floor(r / m.chunk)] = true; });
      return Promise.all(Object.keys(chunks).map(function (c) {
        return load("store/" + c + ".json").then(function (rows) { return [Number(c), rows]; });
      })).then(function (loaded) {
        var byChunk = {};
        loaded.forEach(function (l) { byChunk[l[0]] = l[1]; });
        return refs.map(function (r) { return byChunk[Math.floor(r / m.chunk)][r % m.chunk]; });
      });
    }

    /* Entries holding every token in one lunr field: ref -> summed score. */
    function inField(m, tokens, field) {
      var byShard = {};
      return Promise.all(tokens.map(function (t) { return shard(m, t).then(function (s) { byShard[s.number] = byShard[s.number] || { index: s.index, tokens: [] }; byShard[s.number].tokens.push(t); }); }))
        .then(function () {
          var maps = Object.keys(byShard).sort().map(function (k) {
            var s = byShard[k], found = {};
            var known = s.tokens.every(function (t) { return Object.prototype.hasOwnProperty.call(s.index.invertedIndex, t); });
            if (!known) return found;
            s.index.query(function (q) {
              s.tokens.forEach(function (t) {
                q.term(t, { fields: [field], presence: lunr.Query.presence.REQUIRED, usePipeline: false, wildcard: lunr.Query.wildcard.NONE });
              });
            }).forEach(function (hit) { found[hit.ref] = hit.score; });
            return found;
          });
          var result = maps[0] || {};
          maps.slice(1).forEach(function (other) {
            var next = {};
            Object.keys(result).forEach(function (ref) { if (ref in other) next[ref] = result[ref] + other[ref]; });
            result = next;
          });
          return result;
        });
    }

    function union(target, scores) {
      Object.keys(scores).forEach(function (ref) { target[ref] = Math.max(target[ref] || 0, scores[ref]); });
      return target;
    }

    /* A phrase answer [count, first refs] is every match when the count fits the refs kept. */
    function phraseScores(p) {
      if (p[0] > p[1].length) return null;
      var scores = {};
      p[1].forEach(function (r) { scores[r] = 0; });
      return scores;
    }

    /* What the index says about one part: {complete, scores} when its candidates hold every
       match, else the phrase answers it has. */
    function plan(m, part) {
      var tokens = seg.queryTokens(part), whole = seg.wholeToken(part), key = whole.slice(1);
      var frequent = function (t) { return Object.prototype.hasOwnProperty.call(m.frequent, t); };
      var hasAlnum = tokens.some(function (t) { return /^[a-z0-9]/.test(t); });
      var rare = tokens.filter(function (t) { return !frequent(t); });
      var single = key.indexOf("|") < 0;  // one run: the phrase files know it
      var fields = m.fields.fragment.concat(hasAlnum ? m.fields.numbered : []);
      var wholeSide = frequent(whole) ? phrase(m, whole).then(function (p) { return { phrase: p, scores: phraseScores(p) }; })
        : inField(m, [whole], "whole").then(function (s) { return { scores: s }; });
      var textSide = rare.length
        ? Promise.all(fields.map(function (f) { return inField(m, rare, f); })).then(function (found) {
            var scores = {};
            found.forEach(function (s) { union(scores, s); });
            return { scores: scores };
          })
        : (single ? phrase(m, key).then(function (p) { return { phrase: p, scores: phraseScores(p) }; })
                  : Promise.resolve({ phrase: null, scores: null }));
      return Promise.all([textSide, wholeSide]).then(function (sides) {
        var text = sides[0], whole = sides[1];
        if (text.scores && whole.scores) return { complete: true, scores: union(union({}, text.scores), whole.scores) };
        return { complete: false, text: text, whole: whole, single: single };
      });
    }

    function verify(m, query, scores) {
      var refs = Object.keys(scores).map(Number).sort(function (a, b) { return a - b; });
      return records(m, refs).then(function (docs) {
        return refs.map(function (ref, i) { return { ref: ref, score: scores[ref], doc: docs[i] }; })
          .filter(function (r) {
            return seg.matches(query, m.searched.map(function (f) { return [f[1], r.doc[f[0]]]; }));
          })
          .sort(function (a, b) { return b.score - a.score || a.ref - b.ref; });
      });
    }

    /* {total, exact, refs (ordered), tooShort} for a query. */
    function search(query) {
      return meta().then(function (m) {
        var parts = seg.queryParts(query);
        if (!parts.length) return { total: 0, exact: true, refs: [], tooShort: query.trim().length > 0 };
        return Promise.all(parts.map(function (p) { return plan(m, p); })).then(function (plans) {
          var complete = plans.filter(function (p) { return p.complete; });
          if (complete.length) {
            var scores = complete[0].scores;
            complete.slice(1).forEach(function (p) {
              var next = {};
              Object.keys(scores).forEach(function (ref) { if (ref in p.scores) next[ref] = scores[ref] + p.scores[ref]; });
              scores = next;
            });
            return verify(m, query, scores).then(function (hits) {
              return { total: hits.length, exact: true, refs: hits.map(function (h) { return h.ref; }) };
            });
          }
          return fromPhrases(m, query, parts, plans);
        });
      });
    }

    /* No part has a complete candidate set: its text or its whole value matches more
       entries than the phrase files keep. With one part, and one side complete, the
       answer is still exact: the phrase's count plus the complete side's entries that
       the phrase's rule does not already count (checked on their records). Otherwise
       (several such parts, or both sides too common) the first results that pass the
       check, and exact: false. */
    function fromPhrases(m, query, parts, plans) {
      var p = plans[0], text = p.text, whole = p.whole;
      var big = text.scores ? whole : text, small = text.scores ? text : whole;
      var oneSideComplete = parts.length === 1 && big.phrase && small.scores;
      var scores = {};
      (big.phrase ? big.phrase[1] : []).forEach(function (r) { scores[r] = 0; });
      union(scores, small.scores || {});
      return verify(m, query, scores).then(function (hits) {
        var refs = hits.map(function (h) { return h.ref; });
        if (!oneSideComplete) {
          return { total: refs.length, exact: false, refs: refs.sort(function (a, b) { return a - b; }) };
        }
        var bigRule = text.scores ? "whole" : "text";
        var onlySmall = hits.filter(function (h) { return h.ref in small.scores && !matchesSide(m, parts[0], bigRule, h.doc); });
        var listed = big.phrase[1].filter(function (r) { return refs.indexOf(r) >= 0; });
        return { total: big.phrase[0] + onlySmall.length, exact: true,
                 refs: listed.concat(onlySmall.map(function (h) { return h.ref; }).filter(function (r) { return listed.indexOf(r) < 0; })) };
      });
    }

    /* Whether a record matches a part through its whole-value fields, or through its text fields. */
    function matchesSide(m, part, side, doc) {
      return m.searched.some(function (f) {
        return (f[1] === "whole") === (side === "whole") && seg.partMatches(part, f[1], doc[f[0]]);
      });
    }

    return { search: search, records: function (refs) { return meta().then(function (m) { return records(m, refs); }); },
             meta: meta };
  }

  var api = { createEngine: createEngine, fnv1a: fnv1a };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.creditSearch = api;
})(this);
