/* How a typed code or name is normalised, and what a typed identifier is: the same rules as
   creditlists/intake/normalize.py (clean_text, clean_code), creditlists/intake/identifiers.py
   (the USCC and ID-number checks) and creditlists/search/lookup.py (identifier_kind).
   tests/test_batch_check_parity.py runs both under Node on the same strings. */
(function (root) {
  "use strict";
  /* normalize.HIDDEN, character for character. */
  var HIDDEN = new RegExp("\\r\\n|[\\x00-\\x1f\\x7f-\\x9f\\u00ad\\u034f\\u0600-\\u0605\\u061c\\u06dd\\u070f\\u0890\\u0891\\u08e2\\u115f\\u1160" +
    "\\u180e\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u2064\\u2066-\\u206f\\u3164\\ufeff\\ufff9-\\ufffb\\uffa0" +
    "\\u{110bd}\\u{110cd}\\u{13430}-\\u{1343f}\\u{1bca0}-\\u{1bca3}\\u{1d173}-\\u{1d17a}\\u{e0001}\\u{e0020}-\\u{e007f}]", "gu");
  var LINE_BREAKS = ["\r\n", "\n", "\r", "\x85", "\u2028", "\u2029"];
  /* normalize.KEPT_PUNCTUATION: full-width punctuation that NFKC would make half-width, kept. */
  var KEPT = /([\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2026])/;
  /* Python's white space (str.isspace, and \s of re): what strip() and clean_code remove. */
  var SPACE = "\\t\\n\\x0b\\x0c\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
  var EDGES = new RegExp("^[" + SPACE + "]+|[" + SPACE + "]+$", "g");
  var SPACES = new RegExp("[" + SPACE + "]+", "g");

  var USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  var USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  var USCC_PATTERN = /^[0-9A-HJ-NP-RTUWXY]{18}$/;
  var ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  var ID_CHECK_CHARS = "10X98765432";
  var ID_BIRTH_YEARS = [1900, 2099];
  var NUMBER_LIKE = /^[+-]?[0-9]+(\.[0-9]*)?([eE][+-]?[0-9]+)?$/;
  var MIN_CODE_LENGTH = 15;  /* lookup.MIN_CODE_LENGTH */

  function removeHidden(value) {
    return value.replace(HIDDEN, function (m) { return LINE_BREAKS.indexOf(m) >= 0 ? " " : m === "\t" ? "\t" : ""; });
  }

  /* NFKC but for KEPT: split on the kept characters, normalise each piece, join. */
  function nfkc(value) {
    return value.split(KEPT).map(function (piece, i) { return i % 2 ? piece : piece.normalize("NFKC"); }).join("");
  }

  function cleanText(value) { return nfkc(removeHidden(String(value))).replace(EDGES, ""); }

  function cleanCode(value) { return cleanText(value).replace(SPACES, "").toUpperCase(); }

  function looksLikeNumber(value) {
    var text = cleanText(value);
    return NUMBER_LIKE.test(text) && (text.indexOf(".") >= 0 || text.toLowerCase().indexOf("e") >= 0);
  }

  function usccFormatOk(code) { return USCC_PATTERN.test(code); }

  function usccChecksumOk(code) {
    if (!usccFormatOk(code)) return false;
    var total = 0;
    for (var i = 0; i < 17; i++) total += USCC_ALPHABET.indexOf(code[i]) * USCC_WEIGHTS[i];
    return USCC_ALPHABET[(31 - total % 31) % 31] === code[17];
  }

  function isResidentId(number) {
    if (!/^[0-9]{17}[0-9X]$/.test(number)) return false;
    var total = 0;
    for (var i = 0; i < 17; i++) total += Number(number[i]) * ID_WEIGHTS[i];
    if (ID_CHECK_CHARS[total % 11] !== number[17]) return false;
    var year = Number(number.slice(6, 10)), month = Number(number.slice(10, 12)), day = Number(number.slice(12, 14));
    var born = new Date(Date.UTC(year, month - 1, day));
    return year >= 1 && month >= 1 && month <= 12 && born.getUTCFullYear() === year && born.getUTCMonth() === month - 1
      && born.getUTCDate() === day && year >= ID_BIRTH_YEARS[0] && year <= ID_BIRTH_YEARS[1];
  }

  /* lookup.identifier_kind: "uscc", "id", "bad-check", "bad-format", "number" or "" (no code). */
  function identifierKind(text) {
    var code = cleanCode(text);
    if (!code || !/^[\x00-\x7f]*$/.test(code)) return "";
    if (looksLikeNumber(code) && !usccFormatOk(code)) return "number";
    if (isResidentId(code)) return "id";
    if (usccFormatOk(code)) return usccChecksumOk(code) ? "uscc" : "bad-check";
    if (code.length >= MIN_CODE_LENGTH && /^[0-9A-Z]+$/.test(code) && /[0-9]/.test(code)) return "bad-format";
    return "";
  }

  var api = { cleanText: cleanText, cleanCode: cleanCode, identifierKind: identifierKind };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.creditNormalize = api;
})(this);
