/* What a search hit is, and how text is cut into tokens: the same rules as
   creditlists/search/segment.py (read its docstring); a test compares both under Node. */
(function (root) {
  "use strict";
  var HAN = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\u{20000}-\\u{2ffff}";
  var RUNS = new RegExp("[" + HAN + "]+|[a-z0-9]+", "gu");
  var SPACES = /[ \t\n\r\f\v\u00a0\u3000]+/;
  var WHOLE_MARK = "=";

  function normalise(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      if (c >= 0xff10 && c <= 0xff19) c = c - 0xff10 + 0x30;
      else if (c >= 0xff21 && c <= 0xff3a) c = c - 0xff21 + 0x61;
      else if (c >= 0xff41 && c <= 0xff5a) c = c - 0xff41 + 0x61;
      else if (c >= 0x41 && c <= 0x5a) c = c + 0x20;
      out += String.fromCharCode(c);
    }
    return out;
  }

  /* Runs as arrays of code points, so that offsets count characters as Python does. */
  function runs(text) {
    return (normalise(text).match(RUNS) || []).map(function (r) { return Array.from(r); });
  }

  function isHan(run) { return !/^[a-z0-9]/.test(run[0]); }

  /* [token, offset in the joined runs] for Han pairs and [a-z0-9] runs. */
  function runTokens(runList) {
    var tokens = [], offset = 0;
    runList.forEach(function (run) {
      if (isHan(run)) {
        for (var i = 0; i + 1 < run.length; i++) tokens.push([run[i] + run[i + 1], offset + i]);
      } else {
        tokens.push([run.join(""), offset]);
      }
      offset += run.length;
    });
    return tokens;
  }

  function wholeToken(text) {
    return WHOLE_MARK + runs(text).map(function (r) { return r.join(""); }).join("|");
  }

  function indexTokens(text, rule) {
    if (rule === "whole") return runs(text).length ? [wholeToken(text)] : [];
    return runTokens(runs(text)).map(function (t) { return t[0]; });
  }

  function queryTokens(part) {
    var out = [];
    runTokens(runs(part)).forEach(function (t) { if (out.indexOf(t[0]) < 0) out.push(t[0]); });
    return out;
  }

  function queryParts(query) {
    return query.split(SPACES).filter(function (p) { return p && queryTokens(p).length > 0; });
  }

  /* Where the part occurs in the field under the fragment rule: [start, end) in the
     field's UTF-16 units, or null. */
  function findFragment(part, text) {
    var partRuns = runs(part), norm = normalise(text);
    if (!partRuns.length) return null;
    var fieldRuns = [], owner = [], starts = [], units = [], offset = 0, m;
    RUNS.lastIndex = 0;
    while ((m = RUNS.exec(norm)) !== null) {
      var chars = Array.from(m[0]), unit = m.index;
      starts.push(offset);
      chars.forEach(function (c) { owner.push(fieldRuns.length); units.push(unit); unit += c.length; });
      fieldRuns.push(chars);
      offset += chars.length;
    }
    var joined = [].concat.apply([], fieldRuns), needle = [].concat.apply([], partRuns);
    for (var at = 0; at + needle.length <= joined.length; at++) {
      var same = true;
      for (var k = 0; k < needle.length && same; k++) same = joined[at + k] === needle[k];
      if (same && fitsRuns(partRuns, fieldRuns, owner, starts, at)) {
        var last = at + needle.length - 1;
        return [units[at], units[last] + joined[last].length];
      }
    }
    return null;
  }

  function fitsRuns(partRuns, fieldRuns, owner, starts, at) {
    var position = at;
    for (var i = 0; i < partRuns.length; i++) {
      var run = partRuns[i], index = owner[position];
      if (isHan(run)) {
        if (owner[position + run.length - 1] !== index) return false;
      } else if (starts[index] !== position || fieldRuns[index].join("") !== run.join("")) {
        return false;
      }
      position += run.length;
    }
    return true;
  }

  function partMatches(part, rule, text) {
    if (rule === "whole") {
      var a = runs(part).map(function (r) { return r.join(""); }), b = runs(text).map(function (r) { return r.join(""); });
      return a.length > 0 && a.join("|") === b.join("|");
    }
    if (rule === "numbered" && runs(part).every(isHan)) return false;
    return findFragment(part, text) !== null;
  }

  /* fields: [[rule, text], ...]; every part must match some field. */
  function matches(query, fields) {
    var parts = queryParts(query);
    return parts.length > 0 && parts.every(function (p) {
      return fields.some(function (f) { return partMatches(p, f[0], f[1]); });
    });
  }

  var api = { normalise: normalise, indexTokens: indexTokens, queryTokens: queryTokens, queryParts: queryParts,
              wholeToken: wholeToken, runTokens: function (t) { return runTokens(runs(t)); },
              findFragment: findFragment, partMatches: partMatches, matches: matches };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.creditSegment = api;
})(this);
