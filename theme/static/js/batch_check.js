/* The batch check (/check/): is each subject of a pasted or chosen list on a list today?

   Everything happens in this browser: the text or file is read here and never sent anywhere;
   the page fetches only the site's own files: check/meta.json, the lookup buckets of the
   typed codes and names (creditlists/search/lookup.py), and the search store records of the
   entries found (engine.js), plus, for a short list, the search's files for 名称相近
   candidates. A typed code or name is normalised by normalize.js exactly as the build
   normalised the keys; every text shown is set with textContent. Which store column holds
   what, the list types and the subject type of persons come from check/meta.json and
   search/meta.json: none is named here. */
(function () {
  "use strict";
  var box = document.getElementById("batch-check");
  if (!box || typeof creditNormalize === "undefined" || typeof creditSearch === "undefined") return;
  box.hidden = false;

  var norm = creditNormalize;
  var MB = 1000 * 1000, MAX_FILE_BYTES = 20 * MB, MAX_PART_BYTES = 200 * MB, PARALLEL = 12;
  var $ = function (id) { return document.getElementById(id); };
  var base = function (name) { return box.getAttribute("data-" + name); };
  var state = { check: null, engine: null, last: null, runs: 0, attempts: 0 };

  var SEPARATORS = /[\s,，、;；]+/u;
  var SIMILAR_LOOKED_AT = 50;  // search results looked at for the 名称相近 candidates of a line
  var REGION = /^(湖北省|武汉市|武昌区|湖北|武汉|武昌)+/, FORM = /(股份有限公司|有限责任公司|有限公司|集团|分公司|公司)$/;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function say(text) { $("bc-message").textContent = text; }

  function fetchJson(url) {
    return window.fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error(url + "：" + r.status);
      return r.json();
    });
  }

  function start() {
    if (!state.check) {
      state.engine = creditSearch.createEngine({ lunr: window.lunr, segment: window.creditSegment,
                                                 load: function (path) { return fetchJson(base("search") + "/" + path); } });
      state.check = Promise.all([fetchJson(base("check") + "/meta.json"), state.engine.meta()])
        .then(function (both) { return { check: both[0], search: both[1] }; }, function (error) { state.check = null; throw error; });
    }
    return state.check;
  }

  /* --- reading the list: pasted text, CSV, xlsx ------------------------------------------ */

  /* Rows of cells: tab-separated when the first line has a tab (copied from a spreadsheet), else CSV. */
  function delimitedRows(text) {
    var first = text.split(/\r\n|\n|\r/).filter(function (l) { return l.trim(); })[0] || "";
    var delimiter = first.indexOf("\t") >= 0 ? "\t" : ",", rows = [], row = [], cell = "", quoted = false;
    for (var i = 0; i < text.length; i++) {
      var c = text[i];
      if (quoted) {
        if (c !== '"') cell += c;
        else if (text[i + 1] === '"') { cell += '"'; i++; }
        else quoted = false;
      } else if (c === '"' && cell === "") quoted = true;
      else if (c === delimiter) { row.push(cell); cell = ""; }
      else if (c === "\n" || c === "\r") {
        if (c === "\r" && text[i + 1] === "\n") i++;
        row.push(cell); rows.push(row); row = []; cell = "";
      } else cell += c;
    }
    if (cell !== "" || row.length) { row.push(cell); rows.push(row); }
    return rows;
  }

  function decodeText(bytes) {
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder("utf-8").decode(bytes.subarray(3));
    try { return new TextDecoder("utf-8", { fatal: true }).decode(bytes); }
    catch (e) { return new TextDecoder("gb18030").decode(bytes); }
  }

  /* The entries of a zip (an xlsx): name -> {method, start, size}. */
  function zipEntries(bytes) {
    var view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), end = -1, found = {};
    for (var i = bytes.length - 22; i >= Math.max(0, bytes.length - 65557); i--) {
      if (view.getUint32(i, true) === 0x06054b50) { end = i; break; }
    }
    if (end < 0) throw new Error("不是有效的 xlsx 文件");
    var at = view.getUint32(end + 16, true), count = view.getUint16(end + 10, true);
    for (var n = 0; n < count; n++) {
      if (view.getUint32(at, true) !== 0x02014b50) throw new Error("xlsx 文件已损坏");
      var nameLength = view.getUint16(at + 28, true), local = view.getUint32(at + 42, true);
      var name = new TextDecoder("utf-8").decode(bytes.subarray(at + 46, at + 46 + nameLength));
      var dataStart = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
      found[name] = { method: view.getUint16(at + 10, true), start: dataStart, size: view.getUint32(at + 20, true) };
      at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    }
    return found;
  }

  /* One part of a zip as text, inflated by the browser (DecompressionStream), at most MAX_PART_BYTES. */
  async function zipText(bytes, entries, name) {
    var entry = entries[name];
    if (!entry) return null;
    var data = bytes.subarray(entry.start, entry.start + entry.size);
    if (entry.method === 0) return new TextDecoder("utf-8").decode(data);
    if (entry.method !== 8) throw new Error("xlsx 文件使用了不支持的压缩方式");
    var reader = new Blob([data]).stream().pipeThrough(new DecompressionStream("deflate-raw")).getReader(), parts = [], total = 0;
    for (;;) {
      var part = await reader.read();
      if (part.done) break;
      total += part.value.byteLength;
      if (total > MAX_PART_BYTES) { reader.cancel(); throw new Error("xlsx 文件解压后太大"); }
      parts.push(part.value);
    }
    return new TextDecoder("utf-8").decode(await new Blob(parts).arrayBuffer());
  }

  function xml(text) {
    var doc = new DOMParser().parseFromString(text, "application/xml");
    if (doc.getElementsByTagName("parsererror").length) throw new Error("xlsx 文件中的 XML 无法读取");
    return doc;
  }

  function byName(node, name) { return Array.prototype.slice.call(node.getElementsByTagNameNS("*", name)); }

  /* The text of a shared or inline string: its <t> runs, without phonetic (<rPh>) runs. */
  function stringText(node) {
    return byName(node, "t").filter(function (t) { return !t.parentNode || t.parentNode.localName !== "rPh"; })
      .map(function (t) { return t.textContent; }).join("");
  }

  function sheetPath(workbook, rels) {
    var sheet = byName(workbook, "sheet")[0];
    if (!sheet) throw new Error("xlsx 文件中没有工作表");
    var id = sheet.getAttributeNS("http://schemas.openxmlformats.org/officeDocument/2006/relationships", "id") || sheet.getAttribute("r:id");
    var rel = byName(rels, "Relationship").filter(function (r) { return r.getAttribute("Id") === id; })[0];
    var target = rel ? rel.getAttribute("Target") : "worksheets/sheet1.xml";
    return target.charAt(0) === "/" ? target.slice(1) : "xl/" + target;
  }

  function columnIndex(ref) {
    var letters = (ref || "").replace(/[0-9]+$/, ""), n = 0;
    for (var i = 0; i < letters.length; i++) n = n * 26 + letters.charCodeAt(i) - 64;
    return n - 1;
  }

  /* The first sheet of an xlsx as [row number, cells]. */
  async function xlsxRows(bytes) {
    var entries = zipEntries(bytes);
    var workbook = xml(await zipText(bytes, entries, "xl/workbook.xml") || "<x/>");
    var rels = xml(await zipText(bytes, entries, "xl/_rels/workbook.xml.rels") || "<x/>");
    var shared = await zipText(bytes, entries, "xl/sharedStrings.xml");
    var strings = shared ? byName(xml(shared), "si").map(stringText) : [];
    var sheet = await zipText(bytes, entries, sheetPath(workbook, rels));
    if (sheet === null) throw new Error("xlsx 文件中找不到第一个工作表");
    return byName(xml(sheet), "row").map(function (row, i) {
      var cells = [];
      byName(row, "c").forEach(function (c) {
        var at = c.getAttribute("r") ? columnIndex(c.getAttribute("r")) : cells.length, type = c.getAttribute("t");
        var v = byName(c, "v")[0], value = v ? v.textContent : "";
        if (type === "s") value = strings[Number(value)] || "";
        else if (type === "inlineStr") value = stringText(c);
        while (cells.length < at) cells.push("");
        cells[at] = value;
      });
      return [Number(row.getAttribute("r")) || i + 1, cells];
    });
  }

  /* --- what each line asks ----------------------------------------------------------------- */

  function headerWord(cell) { return norm.cleanCode(cell).replace(/(\*|（必填）|\(必填\))$/, ""); }

  /* {code, name} column positions when the first row is a header (check/meta.json "headers"), else null. */
  function headerColumns(cells, headers) {
    var words = cells.map(headerWord), code = -1, name = -1;
    words.forEach(function (w, i) {
      if (code < 0 && headers.code.indexOf(w) >= 0) code = i;
      else if (name < 0 && headers.name.indexOf(w) >= 0) name = i;
    });
    return code >= 0 || name >= 0 ? { code: code, name: name } : null;
  }

  /* [code, name] of one cell that holds both, separated by spaces or punctuation: the longest
     run of leading (else trailing) words that is a valid code (its groups may be spaced), else a
     first or last word that is a code of any kind; null when there is none. The name is the rest
     of the cell as typed. */
  function splitCell(text) {
    var cell = text.trim(), gaps = [], m, valid = function (w) { var k = norm.identifierKind(w); return k === "uscc" || k === "id"; };
    var separators = new RegExp(SEPARATORS.source, "gu");
    while ((m = separators.exec(cell)) !== null) gaps.push([m.index, m.index + m[0].length]);
    var head = function (g) { return [cell.slice(0, g[0]), cell.slice(g[1])]; }, tail = function (g) { return [cell.slice(g[1]), cell.slice(0, g[0])]; };
    for (var k = gaps.length - 1; k >= 0; k--) {
      if (valid(head(gaps[k])[0])) return head(gaps[k]);
      if (valid(tail(gaps[gaps.length - 1 - k])[0])) return tail(gaps[gaps.length - 1 - k]);
    }
    if (gaps.length && norm.identifierKind(head(gaps[0])[0])) return head(gaps[0]);
    if (gaps.length && norm.identifierKind(tail(gaps[gaps.length - 1])[0])) return tail(gaps[gaps.length - 1]);
    return null;
  }

  /* [code text, name text] of a row without a header: the first cell that is a code (of any kind),
     the first other cell with a letter or a Han character; a single cell may hold both. */
  function guessCells(row) {
    var code = "", name = "", cells = [].concat.apply([], row.map(function (c) { return c.split("\t"); }));
    cells.forEach(function (cell) {
      if (!cell.trim()) return;
      if (!code && norm.identifierKind(cell)) code = cell;
      else if (!name && /\p{L}/u.test(cell)) name = cell;
    });
    if (!code && name && cells.filter(function (c) { return c.trim(); }).length === 1) return splitCell(name) || [code, name];
    return [code, name];
  }

  /* One line to check: what was typed, and the keys to look up (a valid code, else the name). */
  function lineOf(number, cells, columns) {
    var pair = columns ? [columns.code >= 0 ? cells[columns.code] || "" : "", columns.name >= 0 ? cells[columns.name] || "" : ""] : guessCells(cells);
    var kind = pair[0] ? norm.identifierKind(pair[0]) : "";
    if (columns && pair[0] && !kind && !pair[1]) pair = ["", pair[0]];  // a name in the code column
    var code = kind === "uscc" ? norm.cleanCode(pair[0]) : "", name = norm.cleanText(pair[1]);
    return { line: number, typedCode: pair[0].trim(), typedName: pair[1].trim(), kind: kind, code: code, name: code ? "" : name,
             shownName: name, entries: [], similar: [] };
  }

  /* The lines of a table ([row number, cells]): a header row, if any, says which column is which. */
  function linesOf(rows, headers) {
    var filled = rows.filter(function (r) { return r[1].some(function (c) { return String(c).trim(); }); });
    var columns = filled.length ? headerColumns(filled[0][1], headers) : null;
    return { columns: columns, lines: (columns ? filled.slice(1) : filled).map(function (r) { return lineOf(r[0], r[1].map(String), columns); }) };
  }

  /* --- looking up ------------------------------------------------------------------------------ */

  /* lookup.slot: the bucket file of a key and its place there (the rest of its hash). */
  function slotOf(kind, key, meta) {
    var h = creditSearch.fnv1a(key), count = meta[kind + "_buckets"];
    return { path: kind + "/" + (h % count) + ".json", rest: String(Math.floor(h / count)) };
  }

  /* Run task(item) for every item, PARALLEL at a time (a browser queues, and may refuse,
     thousands of requests started at once); calls progress(done, total). */
  function inTurn(items, task, progress) {
    var next = 0, finished = 0;
    function worker() {
      if (next >= items.length) return Promise.resolve();
      var item = items[next++];
      return task(item).then(function () {
        if (++finished % 100 === 0 || finished === items.length) progress(finished, items.length);
        return worker();
      });
    }
    var workers = [];
    for (var i = 0; i < Math.min(PARALLEL, items.length); i++) workers.push(worker());
    return Promise.all(workers);
  }

  /* The store records of refs, a store file at a time (engine.records fetches a chunk once). */
  async function recordsOf(refs, chunk) {
    var byChunk = {}, byRef = {};
    refs.forEach(function (r) { (byChunk[Math.floor(r / chunk)] = byChunk[Math.floor(r / chunk)] || []).push(r); });
    await inTurn(Object.keys(byChunk), function (c) {
      return state.engine.records(byChunk[c]).then(function (records) { byChunk[c].forEach(function (r, i) { byRef[r] = records[i]; }); });
    }, function (n, total) { say("正在读取在列条目：" + n + " / " + total + " 个文件…"); });
    return byRef;
  }

  /* Each line's entries: the refs at its key's slot, then their store records, of which only those
     whose own code (or name) is the line's key count (a bucket keeps hashes, not keys). */
  async function lookUp(lines, meta) {
    if (meta.check.documents !== meta.search.documents) throw new Error("网站数据刚刚更新过，请刷新页面后重新核查");
    var slots = lines.map(function (l) { return l.code ? slotOf("code", l.code, meta.check) : l.name ? slotOf("name", l.name, meta.check) : null; });
    var paths = Object.keys(slots.reduce(function (all, s) { if (s) all[s.path] = true; return all; }, {})).sort(), buckets = {};
    await inTurn(paths, function (path) {
      return fetchJson(base("check") + "/" + path).then(function (content) { buckets[path] = content; });
    }, function (n, total) { say("正在查找：" + n + " / " + total + " 个查找文件…"); });
    var refsOf = function (i) { return slots[i] ? (buckets[slots[i].path] || {})[slots[i].rest] || [] : []; };
    var refs = {};
    lines.forEach(function (l, i) { refsOf(i).forEach(function (r) { refs[r] = true; }); });
    var byRef = await recordsOf(Object.keys(refs).map(Number).sort(function (a, b) { return a - b; }), meta.search.chunk);
    var col = meta.check.columns;
    lines.forEach(function (l, i) {
      l.entries = refsOf(i).map(function (r) { return byRef[r]; }).filter(function (d) {
        return l.code ? norm.cleanCode(d[col.uscc]) === l.code : norm.cleanText(d[col.name]) === l.name;
      });
    });
  }

  function nameCore(name) {
    var core = name.replace(REGION, "").replace(FORM, "");
    return Array.from(core.replace(/[^\p{L}\p{N}]/gu, "")).length >= 2 ? core : name;
  }

  /* For a short list: up to similar_per_line search results for each line with a name and no entry. */
  async function findSimilar(lines, meta) {
    if (lines.length > meta.check.similar_max_lines || !window.lunr || !window.creditSegment) return;
    var asking = lines.filter(function (l) { return !l.entries.length && l.shownName; });
    await Promise.all(asking.map(function (l) {
      var core = nameCore(l.shownName), col = meta.check.columns, first = SIMILAR_LOOKED_AT;
      return state.engine.search(core).then(function (answer) {
        return answer.slice ? answer.slice(0, first) : (answer.refs || []).slice(0, first);  // the first results, in the search's order
      }).then(function (refs) { return state.engine.records(refs); }).then(function (records) {
        // Similar by name: a result the search found through another field (a legal representative) is not.
        l.similar = records.filter(function (d) { return creditSegment.matches(core, [["fragment", d[col.name]]]); }).slice(0, meta.check.similar_per_line);
      });
    }));
  }

  /* --- what each line found ------------------------------------------------------------------- */

  var CODE_PROBLEMS = {
    "bad-check": "代码有误：校验位不对，请核对代码",
    "bad-format": "代码有误：统一社会信用代码是 18 位数字和大写字母（不含 I、O、Z、S、V），请核对",
    "number": "代码被表格软件存成了数字，后几位已丢失：请把该列设为文本后重新导出",
    "id": "身份证件号码不参与核查",
  };

  /* verdict: "listed" (an entry in force), "not-listed", or "unchecked" (nothing to look up). */
  function verdictOf(l) {
    if (l.entries.length) return "listed";
    return l.code || l.name ? "not-listed" : "unchecked";
  }

  function resultText(l, meta) {
    var col = meta.check.columns;
    if (l.entries.length) {
      var lists = meta.check.lists.filter(function (t) { return l.entries.some(function (d) { return d[col.list] === t; }); });
      return "在列：" + lists.join("、") + (l.code ? "（代码一致）" : "（名称一致）");
    }
    if (l.code || l.name) return "未列入";
    return l.typedCode ? "无法核查：代码有误，也没有名称" : "无法核查：没有代码或名称";
  }

  /* The notes of one found entry: how it was matched, what to check by hand. */
  function entryNotes(l, d, meta) {
    var col = meta.check.columns, notes = [];
    if (d[col.subject_type] === meta.check.person) {
      notes.push(d[col.subject_type] + "，仅按姓名匹配：姓名相同不能说明是同一人，请核对证件号码（名单上为 " + d[col.id] + "）");
    } else if (!l.code) {
      notes.push("按名称匹配，请核对统一社会信用代码（名单上为 " + d[col.uscc] + "）");
    } else if (l.shownName && norm.cleanText(d[col.name]) !== l.shownName) {
      notes.push("名单上的名称与输入的名称不同");
    }
    return notes;
  }

  function lineNotes(l) {
    if (!l.kind || !CODE_PROBLEMS[l.kind]) return [];
    return [CODE_PROBLEMS[l.kind] + (l.name ? "；已按名称核查" : "")];
  }

  /* Rows of the result (table and xlsx alike): one per entry found, per candidate, or one for the line. */
  function resultRows(lines, meta) {
    var col = meta.check.columns, rows = [];
    lines.forEach(function (l) {
      var typed = [l.typedCode, l.typedName].filter(Boolean).join(" ");
      var common = { line: l.line, typed: typed, verdict: verdictOf(l), result: resultText(l, meta) };
      var notes = lineNotes(l);
      if (!l.entries.length) rows.push(Object.assign({ notes: notes }, common));
      l.entries.forEach(function (d) { rows.push(Object.assign({ entry: d, notes: notes.concat(entryNotes(l, d, meta)) }, common)); });
      l.similar.forEach(function (d) {
        rows.push(Object.assign({}, common, { entry: d, similar: true, result: "名称相近（不是核查结果）", notes: ["仅供人工判断：名称相近不等于同一主体"] }));
      });
    });
    return rows.map(function (r) {
      var d = r.entry;
      return Object.assign(r, d ? {
        list: d[col.list], name: d[col.name], identifier: d[col.uscc] || d[col.id], subjectType: d[col.subject_type],
        category: d[col.category], department: d[col.department], decision: d[col.decision], start: d[col.start], end: d[col.end],
        link: new URL(base("root") + "/" + d[col.link], document.baseURI).href,
      } : {});
    });
  }

  function summaryOf(lines, meta) {
    var col = meta.check.columns, counts = { listed: 0, "not-listed": 0, unchecked: 0 }, byList = {}, problems = 0, similar = 0;
    meta.check.lists.forEach(function (t) { byList[t] = 0; });
    lines.forEach(function (l) {
      counts[verdictOf(l)] += 1;
      meta.check.lists.forEach(function (t) { if (l.entries.some(function (d) { return d[col.list] === t; })) byList[t] += 1; });
      if (l.kind && l.kind !== "uscc" && l.kind !== "id") problems += 1;
      if (l.similar.length) similar += 1;
    });
    var parts = ["共 " + lines.length + " 行", counts.listed + " 行在列（" + meta.check.lists.map(function (t) { return t + " " + byList[t] + " 行"; }).join("，") + "）",
                 counts["not-listed"] + " 行未列入"];
    if (counts.unchecked) parts.push(counts.unchecked + " 行无法核查");
    if (problems) parts.push(problems + " 行代码有误");
    if (similar) parts.push(similar + " 行另列出名称相近的条目");
    return { counts: counts, byList: byList, text: parts.join("；") + "。" };
  }

  /* --- showing the result ---------------------------------------------------------------------- */

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function timestamp(date) {
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate()) + " " + pad(date.getHours()) + ":" + pad(date.getMinutes());
  }

  function badgeOf(list, meta) {
    var found = meta.search.lists.filter(function (l) { return l.name === list; })[0];
    return found ? "badge " + found.badge : "badge";
  }

  function subjectCell(r) {
    var td = el("td", { "data-label": "名单上的主体" });
    if (!r.entry) { td.textContent = "—"; return td; }
    td.appendChild(el("a", { href: r.link }, r.name));
    td.appendChild(el("span", { "class": "bc-id" }, r.subjectType + " · " + r.identifier));
    return td;
  }

  function tableRow(r, meta) {
    var kind = r.similar ? "is-similar" : r.verdict === "listed" ? "is-listed" : r.verdict === "unchecked" ? "is-unchecked" : "is-not-listed";
    var tr = el("tr", { "data-line": r.line, "data-verdict": r.similar ? "similar" : r.verdict, "class": kind + (r.notes.length ? " has-note" : "") });
    if (r.entry) tr.setAttribute("data-decision", r.decision);
    tr.appendChild(el("td", { "data-label": "行" }, r.line));
    tr.appendChild(el("td", { "data-label": "输入" }, r.typed || "（空）"));
    var result = el("td", { "data-label": "核查结果" });
    if (r.entry && !r.similar) result.appendChild(el("span", { "class": badgeOf(r.list, meta) }, r.list));
    result.appendChild(el("span", { "class": "bc-verdict" }, r.result));
    r.notes.forEach(function (n) { result.appendChild(el("span", { "class": "bc-note" }, n)); });
    tr.appendChild(result);
    tr.appendChild(subjectCell(r));
    var labels = meta.check.labels;
    [["category", r.category], ["department", r.department], ["decision", r.decision], ["start", r.start], ["end", r.end]].forEach(function (c) {
      tr.appendChild(el("td", { "data-label": labels[c[0]] }, c[1] || (r.entry ? "" : "—")));
    });
    return tr;
  }

  function show(run, meta) {
    var summary = $("bc-summary");
    summary.replaceChildren();
    [["核查时间", run.time], ["数据更新至", base("as-of")], ["名单", run.source], ["核查结果", run.summary.text]].forEach(function (pair) {
      summary.appendChild(el("dt", {}, pair[0]));
      summary.appendChild(el("dd", {}, pair[1]));
    });
    var notes = $("bc-notes");
    notes.replaceChildren();
    ["“在列”只指数据更新之日本网站公示的条目；“未列入”只说明当日本网站没有该主体在列的条目。",
     "自然人只按姓名匹配，姓名相同不能说明是同一人：请对照遮蔽的证件号码和其他材料核实。"]
      .concat(run.lines.length <= meta.check.similar_max_lines ? ["“名称相近”的条目由站内搜索列出，仅供人工判断，不是核查结果。"] : [])
      .forEach(function (n) { notes.appendChild(el("li", {}, n)); });
    var body = $("bc-table").tBodies[0], fragment = document.createDocumentFragment();
    run.rows.forEach(function (r) { fragment.appendChild(tableRow(r, meta)); });
    body.replaceChildren(fragment);
    applyFilter();
    var section = $("bc-result");
    section.hidden = false;
    section.setAttribute("data-run", state.runs);
    section.setAttribute("data-lines", run.lines.length);
    section.setAttribute("data-listed", run.summary.counts.listed);
  }

  function applyFilter() {
    $("bc-table").classList.toggle("only-found", $("bc-only-found").checked);
  }

  /* --- the run ---------------------------------------------------------------------------------- */

  /* Each check a clerk starts: marked at once, before anything is read (the tests wait on it). */
  function begin() {
    state.attempts += 1;
    box.setAttribute("data-attempt", state.attempts);
    box.setAttribute("data-state", "working");
    return performance.now();
  }

  async function check(rows, source, began) {
    $("bc-run").disabled = true;
    try {
      var meta = await start();
      var parsed = linesOf(rows, meta.check.headers), lines = parsed.lines;
      if (!lines.length) { say("名单是空的：请粘贴或选择名单。"); box.setAttribute("data-state", "empty"); return; }
      if (lines.length > meta.check.max_lines) {
        say("名单有 " + lines.length + " 行，一次最多核查 " + meta.check.max_lines + " 行：请分成几份核查。");
        box.setAttribute("data-state", "too-long");
        return;
      }
      say("正在核查 " + lines.length + " 行…");
      await lookUp(lines, meta);
      if (lines.length <= meta.check.similar_max_lines) { say("正在查找名称相近的条目…"); await findSimilar(lines, meta); }
      state.runs += 1;
      var run = { lines: lines, rows: resultRows(lines, meta), summary: summaryOf(lines, meta), time: timestamp(new Date()), labels: meta.check.labels,
                  source: source + (parsed.columns ? "（按表头取列）" : "") };
      state.last = run;
      show(run, meta);
      say("核查完成：" + run.summary.text);
      box.setAttribute("data-ms", Math.round(performance.now() - began));
      box.setAttribute("data-state", "done");
    } catch (error) {
      say("核查没有完成：" + (error && error.message ? error.message : error) + "。请刷新页面后重试。");
      box.setAttribute("data-state", "failed");
    } finally {
      $("bc-run").disabled = false;
    }
  }

  async function checkFile(file) {
    var began = begin();
    if (file.size > MAX_FILE_BYTES) { say("文件超过 20 MB，请分成几份核查。"); box.setAttribute("data-state", "failed"); return; }
    try {
      var bytes = new Uint8Array(await file.arrayBuffer());
      var isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
      var rows = isZip ? await xlsxRows(bytes) : delimitedRows(decodeText(bytes)).map(function (cells, i) { return [i + 1, cells]; });
      await check(rows, "文件 " + file.name, began);
    } catch (error) {
      say("无法读取 " + file.name + "：" + (error && error.message ? error.message : error) + "。请另存为 CSV 或 xlsx 后重试。");
      box.setAttribute("data-state", "failed");
    }
  }

  function checkText() {
    var began = begin(), rows = delimitedRows($("bc-input").value).map(function (cells, i) { return [i + 1, cells]; });
    return check(rows, "粘贴的名单", began);
  }

  /* --- the xlsx download: SpreadsheetML in a zip of stored entries, every cell text ------------- */

  var CRC_TABLE = (function () {
    var table = [];
    for (var n = 0; n < 256; n++) {
      var c = n;
      for (var k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table.push(c >>> 0);
    }
    return table;
  })();

  function crc32(bytes) {
    var c = 0xffffffff;
    for (var i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  }

  /* A zip of stored (uncompressed) entries: [[name, bytes]] -> bytes. */
  function zipStored(files) {
    var encoder = new TextEncoder(), parts = [], central = [], offset = 0;
    function header(size, fields) {
      var buffer = new DataView(new ArrayBuffer(size));
      fields.forEach(function (f) { if (f[2] === 4) buffer.setUint32(f[0], f[1], true); else buffer.setUint16(f[0], f[1], true); });
      return new Uint8Array(buffer.buffer);
    }
    files.forEach(function (file) {
      var name = encoder.encode(file[0]), data = file[1], crc = crc32(data);
      var common = [[6, 0x0800, 2], [8, 0, 2], [10, 0, 2], [12, 0x21, 2], [14, crc, 4], [18, data.length, 4], [22, data.length, 4], [26, name.length, 2]];
      parts.push(header(30, [[0, 0x04034b50, 4], [4, 20, 2]].concat(common)), name, data);
      central.push(header(46, [[0, 0x02014b50, 4], [4, 20, 2], [6, 20, 2]].concat(common.map(function (f) { return [f[0] + 2, f[1], f[2]]; }))
        .concat([[42, offset, 4]])), name);
      offset += 30 + name.length + data.length;
    });
    var size = central.reduce(function (n, p) { return n + p.length; }, 0);
    var end = header(22, [[0, 0x06054b50, 4], [8, files.length, 2], [10, files.length, 2], [12, size, 4], [16, offset, 4]]);
    return new Blob(parts.concat(central, [end]), { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" });
  }

  function xmlText(value) {
    return String(value).replace(/[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, "")
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  function columnName(i) { return i < 26 ? String.fromCharCode(65 + i) : columnName(Math.floor(i / 26) - 1) + String.fromCharCode(65 + i % 26); }

  /* Text cells only (inline strings, style 1 is the text format @): nothing is a number or a formula. */
  function sheetXml(table) {
    var rows = table.map(function (cells, r) {
      return '<row r="' + (r + 1) + '">' + cells.map(function (value, c) {
        if (value === "" || value === undefined || value === null) return "";
        return '<c r="' + columnName(c) + (r + 1) + '" t="inlineStr" s="1"><is><t xml:space="preserve">' + xmlText(value) + "</t></is></c>";
      }).join("") + "</row>";
    });
    var widths = [6, 30, 30, 36, 24, 24, 30, 26, 12, 12, 44, 50];
    return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cols>'
      + widths.map(function (w, i) { return '<col min="' + (i + 1) + '" max="' + (i + 1) + '" width="' + w + '" customWidth="1"/>'; }).join("")
      + "</cols><sheetData>" + rows.join("") + "</sheetData></worksheet>";
  }

  var XLSX_PARTS = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="核查结果" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
    "xl/styles.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="等线"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>',
  };

  /* The record as a table: a dated head (核查时间、数据更新至、核查结果), then a row per result row. */
  function recordTable(run, labels) {
    var head = [[box.getAttribute("data-site") + " · 批量核查记录"], ["核查时间", run.time], ["数据更新至", base("as-of")], ["名单", run.source],
                ["核查结果", run.summary.text], ["说明", "自然人只按姓名匹配，姓名相同不能说明是同一人；“名称相近”不是核查结果。"], []];
    var columns = ["行", "输入", "核查结果", labels.list, labels.name, labels.subject_type, "统一社会信用代码或遮蔽的证件号码", labels.category,
                   labels.department, labels.decision, labels.start, labels.end, "链接", "说明"];
    return head.concat([columns], run.rows.map(function (r) {
      return [r.line, r.typed, r.result, r.list, r.name, r.subjectType, r.identifier, r.category, r.department, r.decision, r.start, r.end,
              r.link, r.notes.join("；")].map(function (v) { return v === undefined ? "" : String(v); });
    }));
  }

  function download() {
    if (!state.last) return;
    var encoder = new TextEncoder(), files = Object.keys(XLSX_PARTS).map(function (name) { return [name, encoder.encode(XLSX_PARTS[name])]; });
    files.push(["xl/worksheets/sheet1.xml", encoder.encode(sheetXml(recordTable(state.last, state.last.labels)))]);
    var link = el("a", { href: URL.createObjectURL(zipStored(files)), download: "批量核查-" + state.last.time.replace(/-/g, "").replace(" ", "-").replace(":", "") + ".xlsx" });
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  }

  /* --- the form ---------------------------------------------------------------------------------- */

  var input = $("bc-file"), drop = $("bc-drop");
  $("bc-form").addEventListener("submit", function (event) { event.preventDefault(); checkText(); });
  $("bc-clear").addEventListener("click", function () { $("bc-input").value = ""; $("bc-result").hidden = true; say(""); });
  input.addEventListener("change", function () { if (input.files.length) checkFile(input.files[0]); input.value = ""; });
  ["dragenter", "dragover"].forEach(function (type) {
    drop.addEventListener(type, function (event) { event.preventDefault(); drop.classList.add("is-over"); });
  });
  ["dragleave", "drop"].forEach(function (type) { drop.addEventListener(type, function () { drop.classList.remove("is-over"); }); });
  drop.addEventListener("drop", function (event) {
    event.preventDefault();
    if (event.dataTransfer.files.length) checkFile(event.dataTransfer.files[0]);
  });
  $("bc-print").addEventListener("click", function () { window.print(); });
  $("bc-download").addEventListener("click", download);
  $("bc-only-found").addEventListener("change", applyFilter);
  say("请粘贴名单或选择文件，然后按“核查”。");
}());
