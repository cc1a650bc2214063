/* Search tokens: the same rule as creditlists/segment.py (a test compares both under Node).
   1. full-width digits/letters to half-width, A-Z to a-z;
   2. runs of Han characters and runs of [a-z0-9]; anything else separates;
   3. index: each Han character and each overlapping pair, each [a-z0-9] run;
   4. query part: the overlapping pairs of each Han run (the character if alone), each [a-z0-9] run. */
(function (root) {
  "use strict";
  var HAN = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\u{20000}-\\u{2ffff}";
  var RUNS = new RegExp("[" + HAN + "]+|[a-z0-9]+", "gu");
  var HAN_START = new RegExp("^[" + HAN + "]", "u");

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

  function runs(text) {
    return normalise(text).match(RUNS) || [];
  }

  function pairs(chars) {
    var out = [];
    for (var i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
    return out;
  }

  function indexTokens(text) {
    var tokens = [];
    runs(text).forEach(function (run) {
      if (HAN_START.test(run)) {
        var chars = Array.from(run);
        tokens = tokens.concat(chars, pairs(chars));
      } else {
        tokens.push(run);
      }
    });
    return tokens;
  }

  function queryTokens(part) {
    var tokens = [];
    runs(part).forEach(function (run) {
      var chars = Array.from(run);
      var candidates = HAN_START.test(run) && chars.length > 1 ? pairs(chars) : [run];
      candidates.forEach(function (t) { if (tokens.indexOf(t) < 0) tokens.push(t); });
    });
    return tokens;
  }

  function queryParts(query) {
    return query.split(/[ \t\n\r\f\v\u00a0\u3000]+/).filter(function (p) { return p && queryTokens(p).length > 0; });
  }

  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  /* The part as a pattern that does not cut an [a-z0-9] run of the text. */
  function partPattern(part) {
    var norm = normalise(part);
    var before = /^[a-z0-9]/.test(norm) ? "(?<![a-z0-9])" : "";
    var after = /[a-z0-9]$/.test(norm) ? "(?![a-z0-9])" : "";
    return new RegExp(before + escapeRegExp(norm) + after, "u");
  }

  /* Where the part occurs in a field: [start, end) in the field's UTF-16 units, or null.
     normalise() keeps every UTF-16 unit in place, so positions carry over. */
  function findPart(part, field) {
    var m = partPattern(part).exec(normalise(field));
    return m ? [m.index, m.index + m[0].length] : null;
  }

  /* How a part may match a field: "fragment" anywhere; "numbered" anywhere if the part
     has a digit or letter (decision numbers); "whole" the entire value. */
  function partMatches(part, rule, text) {
    if (rule === "whole") return normalise(part) === normalise(text);
    if (rule === "numbered" && !/[a-z0-9]/.test(normalise(part))) return false;
    return findPart(part, text) !== null;
  }

  /* fields: [[rule, text], ...]; every part must match some field. */
  function matches(query, fields) {
    var parts = queryParts(query);
    return parts.length > 0 && parts.every(function (p) {
      return fields.some(function (f) { return partMatches(p, f[0], f[1]); });
    });
  }

  var api = { normalise: normalise, indexTokens: indexTokens, queryTokens: queryTokens,
              queryParts: queryParts, findPart: findPart, partMatches: partMatches, matches: matches };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.creditSegment = api;
})(this);
