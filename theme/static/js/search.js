/* The search page: loads the lunr index and the document store only when there is a query,
   asks lunr for candidates (every query token required), keeps those that really contain
   each query part (creditSegment.matches), and builds the results with DOM nodes and
   textContent only: no submitted text ever goes through innerHTML. */
(function () {
  "use strict";
  var PAGE = 50;
  var box = document.getElementById("search-results");
  if (!box || typeof lunr === "undefined" || typeof creditSegment === "undefined") return;
  var seg = creditSegment;
  var params = new URLSearchParams(window.location.search);
  var query = (params.get("q") || "").trim();
  var listFilter = params.get("list") || "";
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
    parts.forEach(function (p) { var at = seg.findPart(p, text); if (at) spans.push(at); });
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

  function candidates(index, tokens) {
    var known = tokens.every(function (t) { return Object.prototype.hasOwnProperty.call(index.invertedIndex, t); });
    if (!known) return [];
    return index.query(function (q) {
      tokens.forEach(function (t) {
        q.term(t, { presence: lunr.Query.presence.REQUIRED, usePipeline: false, wildcard: lunr.Query.wildcard.NONE });
      });
    });
  }

  function search(index, store) {
    var parts = seg.queryParts(query);
    if (!parts.length) return [];
    var tokens = [];
    parts.forEach(function (p) { seg.queryTokens(p).forEach(function (t) { if (tokens.indexOf(t) < 0) tokens.push(t); }); });
    return candidates(index, tokens)
      .map(function (hit) { return { ref: Number(hit.ref), score: hit.score, doc: store.docs[Number(hit.ref)] }; })
      .filter(function (r) {
        var fields = store.searched.map(function (f) { return [f[1], r.doc[f[0]]]; });
        return seg.matches(query, fields);
      })
      .sort(function (a, b) { return b.score - a.score || a.ref - b.ref; });
  }

  function resultItem(r, parts, store) {
    var d = r.doc, col = function (name) { return d[store.columns.indexOf(name)]; };
    var li = el("li", { "class": "result", "data-decision": col("决定文书号"), "data-name": col("主体名称") });
    var title = el("p", { "class": "result-title" });
    var link = el("a", { href: box.getAttribute("data-root") + "/" + col("url") });
    link.appendChild(highlighted(col("主体名称"), parts));
    var list = col("名单类型");
    title.appendChild(el("span", { "class": "badge " + (list === "红名单" ? "badge-red" : "badge-black") }, list));
    title.appendChild(document.createTextNode(" "));
    title.appendChild(link);
    li.appendChild(title);
    li.appendChild(el("p", { "class": "result-meta" }, [col("类别"), col("认定部门"), "认定日期 " + col("认定日期"), col("决定文书号")].join(" · ")));
    var other = [["统一社会信用代码", col("统一社会信用代码")], ["法定代表人", col("法定代表人")]]
      .filter(function (f) { return f[1] && parts.some(function (p) { return seg.findPart(p, f[1]); }); });
    other.forEach(function (f) {
      var p = el("p", { "class": "result-match" }, f[0] + "：");
      p.appendChild(highlighted(f[1], parts));
      li.appendChild(p);
    });
    return li;
  }

  function noResult() {
    box.replaceChildren();
    box.appendChild(el("p", { "class": "status" }, "没有找到与“" + query + "”相符的在列条目。"));
    var tips = el("ul", { "class": "tips" });
    ["试试名称中的两三个字，例如去掉“有限公司”", "统一社会信用代码须输入完整的 18 位", "多个词用空格分开时，每个词都须出现",
     "已移出或公示期届满的条目不在搜索范围内"].forEach(function (t) { tips.appendChild(el("li", {}, t)); });
    box.appendChild(tips);
  }

  function listOf(r, store) { return r.doc[store.columns.indexOf("名单类型")]; }

  function listChooser(results, store) {
    var nav = el("p", { "class": "list-filter" });
    [["", "全部"], ["红名单", "红名单"], ["黑名单", "黑名单"]].forEach(function (o) {
      var count = results.filter(function (r) { return !o[0] || listOf(r, store) === o[0]; }).length;
      var label = o[1] + "（" + count + "）";
      if (o[0] === listFilter) { nav.appendChild(el("strong", { "aria-current": "true" }, label)); }
      else {
        var p = new URLSearchParams({ q: query }); if (o[0]) p.set("list", o[0]);
        nav.appendChild(el("a", { href: "?" + p.toString() }, label));
      }
      nav.appendChild(document.createTextNode(" "));
    });
    return nav;
  }

  function show(results, store) {
    if (!results.length) return noResult();
    var parts = seg.queryParts(query);
    var shown = results.filter(function (r) { return !listFilter || listOf(r, store) === listFilter; });
    box.replaceChildren();
    box.appendChild(listChooser(results, store));
    box.appendChild(el("p", { "class": "status", id: "result-count" }, "找到 " + shown.length + " 条在列条目"));
    var ol = el("ol", { "class": "results" });
    box.appendChild(ol);
    var more = el("button", { type: "button", "class": "more" }, "显示更多");
    function next() {
      var start = ol.children.length;
      shown.slice(start, start + PAGE).forEach(function (r) { ol.appendChild(resultItem(r, parts, store)); });
      if (ol.children.length >= shown.length) more.remove();
    }
    more.addEventListener("click", next);
    box.appendChild(more);
    next();
  }

  if (!query) return;
  say("正在加载搜索索引…", "status loading");
  box.setAttribute("aria-busy", "true");
  Promise.all([fetchJson(box.getAttribute("data-index")), fetchJson(box.getAttribute("data-docs"))])
    .then(function (loaded) {
      var index = lunr.Index.load(loaded[0]);
      show(search(index, loaded[1]), loaded[1]);
    })
    .catch(function () { say("搜索索引加载失败，请稍后重试，或按类别和部门浏览名单。", "status error"); })
    .then(function () { box.setAttribute("aria-busy", "false"); box.setAttribute("data-state", "done"); });
})();
