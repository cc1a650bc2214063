/* The search page: only when there is a query, asks the engine (engine.js) for the
   results, which fetches just the index shards and store records that query needs;
   builds the results with DOM nodes and textContent only: no submitted text ever goes
   through innerHTML. Column names, list types and which column goes where in a result
   come from meta.json (creditlists/search/index.py: RESULT, BADGES); none is written here. */
(function () {
  "use strict";
  var PAGE = 50;
  var FEW = 500;  // up to this many results, all records are fetched so the list filter can count
  var box = document.getElementById("search-results");
  if (!box || typeof lunr === "undefined" || typeof creditSegment === "undefined" || typeof creditSearch === "undefined") return;
  var seg = creditSegment;
  var params = new URLSearchParams(window.location.search);
  var query = (params.get("q") || "").trim();
  var listFilter = params.get("list") || "";
  var pages = Math.max(1, parseInt(params.get("page") || "1", 10) || 1);  // pages shown: 显示更多 adds one
  var input = document.getElementById("q-page");
  if (input) input.value = query;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function say(text, cls) {
    box.replaceChildren(el("p", { "class": cls || "status" }, text));
  }

  function fetchJson(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error(url + " " + r.status);
      return r.json();
    });
  }

  /* The name with every query part wrapped in <mark>, as DOM nodes. */
  function highlighted(text, parts) {
    var spans = [];
    parts.forEach(function (p) { var at = seg.findFragment(p, text); if (at) spans.push(at); });
    spans.sort(function (a, b) { return a[0] - b[0]; });
    var frag = document.createDocumentFragment(), pos = 0;
    spans.forEach(function (s) {
      if (s[0] < pos) return;
      frag.appendChild(document.createTextNode(text.slice(pos, s[0])));
      frag.appendChild(el("mark", {}, text.slice(s[0], s[1])));
      pos = s[1];
    });
    frag.appendChild(document.createTextNode(text.slice(pos)));
    return frag;
  }

  /* One result from its store record d, laid out as meta.result says. */
  function resultItem(d, parts, meta) {
    var shown = meta.result;
    var col = function (name) { return d[meta.columns.indexOf(name)]; };
    var li = el("li", { "class": "result", "data-decision": col(shown.decision), "data-name": col(shown.title) });
    var title = el("p", { "class": "result-title" });
    var link = el("a", { href: box.getAttribute("data-root") + "/" + col(shown.link) });
    link.appendChild(highlighted(col(shown.title), parts));
    var list = col(shown.list), badge = meta.lists.filter(function (l) { return l.name === list; })[0];
    title.appendChild(el("span", { "class": badge ? "badge " + badge.badge : "badge" }, list));
    title.appendChild(document.createTextNode(" "));
    title.appendChild(link);
    li.appendChild(title);
    li.appendChild(el("p", { "class": "result-meta" }, shown.line.map(function (c) { return (c[1] ? c[0] + " " : "") + col(c[0]); }).join(" · ")));
    var other = shown.matched.map(function (name) { return [name, col(name)]; })
      .filter(function (f) { return f[1] && parts.some(function (p) { return seg.findFragment(p, f[1]); }); });
    other.forEach(function (f) {
      var p = el("p", { "class": "result-match" }, f[0] + "：");
      p.appendChild(highlighted(f[1], parts));
      li.appendChild(p);
    });
    return li;
  }

  function noResult(tooShort) {
    box.replaceChildren();
    box.appendChild(el("p", { "class": "status" }, tooShort ? "请至少输入两个汉字，或一个完整的代码、数字。" : "没有找到与“" + query + "”相符的在列条目。"));
    var tips = el("ul", { "class": "tips" });
    ["试试名称中的两三个字，例如去掉“有限公司”", "统一社会信用代码须输入完整的 18 位", "多个词用空格分开时，每个词都须出现",
     "已移出或公示期届满的条目不在搜索范围内"].forEach(function (t) { tips.appendChild(el("li", {}, t)); });
    box.appendChild(tips);
  }

  function listChooser(lists, counts) {
    var nav = el("p", { "class": "list-filter" });
    [["", "全部"]].concat(lists.map(function (l) { return [l.name, l.name]; })).forEach(function (o) {
      var label = o[1] + (counts ? "（" + counts[o[0]] + "）" : "");
      if (o[0] === listFilter) { nav.appendChild(el("strong", { "aria-current": "true" }, label)); }
      else if (counts && !counts[o[0]]) { nav.appendChild(el("span", { "class": "empty" }, label)); }
      else {
        var p = new URLSearchParams({ q: query }); if (o[0]) p.set("list", o[0]);
        nav.appendChild(el("a", { href: "?" + p.toString() }, label));
      }
      nav.appendChild(document.createTextNode(" "));
    });
    return nav;
  }

  /* A "more" button that calls step() until step() says nothing is left; the number of
     pages shown goes into the address (page=), so that Back and a shared link show as much. */
  function moreButton(step) {
    var button = el("button", { type: "button", "class": "more" }, "显示更多");
    button.addEventListener("click", function () {
      pages += 1;
      var p = new URLSearchParams(window.location.search);
      p.set("page", String(pages));
      window.history.replaceState(null, "", "?" + p.toString());
      Promise.resolve(step()).then(function (left) { if (!left) button.remove(); });
    });
    return button;
  }

  /* Show the results: all records at once when there are few (so the list filter can
     count), else page by page, fetching only the refs and records of each page. */
  function show(answer, engine, meta) {
    if (!answer.total) return noResult(answer.tooShort);
    var parts = seg.queryParts(query), listCol = meta.columns.indexOf(meta.result.list);
    var keep = function (d) { return !listFilter || d[listCol] === listFilter; };
    var ol = el("ol", { "class": "results" }), status = el("p", { "class": "status", id: "result-count" });
    var add = function (records) { records.filter(keep).forEach(function (d) { ol.appendChild(resultItem(d, parts, meta)); }); };
    box.replaceChildren();
    if (answer.total <= FEW) {
      return answer.slice(0, answer.total).then(engine.records).then(function (records) {
        var counts = { "": records.length };
        meta.lists.forEach(function (l) { counts[l.name] = 0; });
        records.forEach(function (d) { counts[d[listCol]] += 1; });
        var shown = records.filter(keep);
        status.textContent = "找到 " + shown.length + " 条在列条目";
        box.append(status, listChooser(meta.lists, counts), ol);
        add(shown.splice(0, PAGE * pages));
        if (shown.length) box.appendChild(moreButton(function () { add(shown.splice(0, PAGE)); return shown.length; }));
      });
    }
    var position = 0;
    function next(count) {
      return answer.slice(position, position + count).then(function (refs) {
        position += refs.length;
        return engine.records(refs);
      }).then(function (records) { add(records); return position < answer.total; });
    }
    status.textContent = "找到 " + answer.total + " 条在列条目" + (listFilter ? "；此处只列出" + listFilter : "");
    box.append(status, listChooser(meta.lists, null), ol);
    return next(PAGE * pages).then(function (left) { if (left) box.appendChild(moreButton(function () { return next(PAGE); })); });
  }

  if (!query) return;
  say("正在加载搜索索引…", "status loading");
  box.setAttribute("aria-busy", "true");
  var base = box.getAttribute("data-search");
  var engine = creditSearch.createEngine({
    lunr: lunr, segment: seg,
    load: function (path) { return fetchJson(base + "/" + path); },
  });
  engine.meta()
    .then(function (meta) { return engine.search(query).then(function (answer) { return show(answer, engine, meta); }); })
    .catch(function () { say("搜索索引加载失败，请稍后重试，或按类别和部门浏览名单。", "status error"); })
    .then(function () { box.setAttribute("aria-busy", "false"); box.setAttribute("data-state", "done"); });
})();
