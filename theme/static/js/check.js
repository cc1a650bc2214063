/* The file checker (/guide/check/): runs the project's own Python checks in this browser.

   Pyodide (copied into the site from npm at build time) runs creditlists.checker with the
   intake code and openpyxl, unpacked from two zips of the site; the department's published
   keys and the register come from the site too. The chosen file is read here and written into
   Pyodide's memory file system: it is never sent anywhere, and nothing is fetched from any
   host but this site. Every text shown is set with textContent, never innerHTML. The checks
   and their messages are Python's (checker.check_json); nothing here judges a file. */
(function () {
  "use strict";
  var box = document.getElementById("checker");
  if (!box) return;
  box.hidden = false;

  var MB = 1000 * 1000;
  var TOO_LARGE_FOR_BROWSER = 256 * MB;  // not a rule of the file (the checks say 20 MB): what a browser tab can hold
  var $ = function (id) { return document.getElementById(id); };
  var url = function (name) { return new URL(box.getAttribute("data-" + name), document.baseURI).href; };
  var state = { python: null, loading: null, keys: {}, last: null, runs: 0 };

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function say(text, fraction) {
    $("check-message").textContent = text;
    var bar = $("check-progress");
    bar.hidden = fraction === undefined;
    if (fraction !== undefined) bar.value = Math.round(Math.min(1, fraction) * 100);
  }

  function paint() {
    return new Promise(function (resolve) { window.setTimeout(resolve, 20); });
  }

  /* While Pyodide loads, count the bytes of every response from the site to show progress. */
  function countingFetch(original, onBytes) {
    return function (input, init) {
      return original(input, init).then(function (response) {
        if (!response.body) return response;
        var reader = response.body.getReader();
        var counted = new ReadableStream({
          pull: function (controller) {
            return reader.read().then(function (part) {
              if (part.done) { controller.close(); return; }
              onBytes(part.value.byteLength);
              controller.enqueue(part.value);
            });
          },
          cancel: function (reason) { return reader.cancel(reason); }
        });
        return new Response(counted, { status: response.status, statusText: response.statusText, headers: response.headers });
      });
    };
  }

  function fetchOk(address) {
    return window.fetch(address, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error(address + "：" + response.status);
      return response;
    });
  }

  async function startPython() {
    var total = (Number(box.getAttribute("data-download-mb")) || 1) * MB, received = 0;
    var original = window.fetch;
    window.fetch = countingFetch(original.bind(window), function (bytes) {
      received += bytes;
      say("正在下载检查程序：已下载 " + (received / MB).toFixed(1) + " MB，共约 " + (total / MB).toFixed(0) + " MB", received / total);
    });
    try {
      say("正在下载检查程序…", 0);
      var module = await import(url("pyodide") + "pyodide.mjs");
      var zips = Promise.all([fetchOk(url("code")), fetchOk(url("packages"))].map(function (p) {
        return p.then(function (r) { return r.arrayBuffer(); });
      }));
      var register = fetchOk(url("register")).then(function (r) { return r.text(); });
      var python = await module.loadPyodide({ indexURL: url("pyodide") });
      (await zips).forEach(function (zip) { python.unpackArchive(new Uint8Array(zip), "zip", { extractDir: "/checker" }); });
      state.register = await register;
    } finally {
      window.fetch = original;
    }
    say("正在启动检查程序…", 1);
    await paint();
    python.runPython("import sys\nsys.path.insert(0, '/checker')\nimport creditlists.checker");
    state.checker = python.pyimport("creditlists.checker");
    return python;
  }

  function loadPython() {
    if (!state.loading) {
      state.loading = startPython().then(function (python) { state.python = python; return python; }, function (error) {
        state.loading = null;
        throw error;
      });
    }
    return state.loading;
  }

  function departmentKeys(code) {
    if (!state.keys[code]) {
      state.keys[code] = fetchOk(url("keys") + encodeURIComponent(code) + box.getAttribute("data-keys-suffix")).then(function (r) { return r.text(); });
    }
    return state.keys[code];
  }

  async function check(file) {
    var department = $("check-department").value;
    if (!department) {
      say("请先选择报送部门，再选择文件。");
      $("check-department").focus();
      return;
    }
    if (file.size > TOO_LARGE_FOR_BROWSER) {
      say("这个文件有 " + (file.size / MB).toFixed(0) + " MB，太大，浏览器无法检查；报送文件不能超过 20 MB。");
      return;
    }
    box.setAttribute("data-state", "working");
    try {
      var python = await loadPython();
      var keys = await departmentKeys(department);
      var content = new Uint8Array(await file.arrayBuffer());
      say("正在检查 " + file.name + " …");
      await paint();
      state.runs += 1;
      var folder = "/upload/" + state.runs;
      python.FS.mkdirTree(folder);
      python.FS.writeFile(folder + "/" + file.name, content);
      var checked = state.checker.check_json(folder + "/" + file.name, department, state.register, keys);
      python.FS.unlink(folder + "/" + file.name);
      state.last = { json: checked, name: file.name };
      show(JSON.parse(checked), department);
    } catch (error) {
      say("检查程序出错：" + (error && error.message ? error.message.split("\n").slice(-2).join(" ") : error) + "。请刷新页面后重试，或把文件交区信用办。");
      box.setAttribute("data-state", "failed");
    }
  }

  function problemRows(result) {
    var found = result.errors.map(function (p) { return [p, "错误"]; }).concat(result.warnings.map(function (p) { return [p, "提示"]; }));
    found.sort(function (a, b) { return (a[0].row === null ? -1 : a[0].row) - (b[0].row === null ? -1 : b[0].row); });
    return found.map(function (item) {
      var p = item[0];
      var tr = el("tr", { "data-row": p.row === null ? "" : p.row, "data-column": p.column || "", "data-code": p.code,
                          "class": item[1] === "错误" ? "is-error" : "is-warning" });
      tr.appendChild(el("td", { "data-label": "行" }, p.row === null ? "整个文件" : "第 " + p.row + " 行"));
      tr.appendChild(el("td", { "data-label": "列" }, p.column || (p.column_number ? "第 " + p.column_number + " 列" : "—")));
      var code = el("td", { "data-label": "代码" });
      code.appendChild(el("code", {}, p.code));
      tr.appendChild(code);
      tr.appendChild(el("td", { "data-label": "级别" }, item[1]));
      tr.appendChild(el("td", { "data-label": "说明" }, p.message));
      return tr;
    });
  }

  function summaryItems(result, asOf, department) {
    var option = $("check-department").selectedOptions[0];
    return [["文件", result.path], ["部门", option && option.value === department ? option.textContent : department],
            ["编码", result.encoding_label], ["数据行", result.rows],
            ["接受", result.accepted], ["拒绝", result.rejected], ["检查日期", asOf]];
  }

  function show(checked, department) {
    var result = checked.file;
    var summary = $("check-summary");
    summary.replaceChildren();
    summaryItems(result, checked.as_of, department).forEach(function (pair) {
      summary.appendChild(el("dt", {}, pair[0]));
      summary.appendChild(el("dd", {}, pair[1]));
    });
    var errors = result.errors.length, warnings = result.warnings.length;
    $("check-verdict").textContent = errors
      ? "发现 " + errors + " 个错误" + (warnings ? "、" + warnings + " 个提示" : "") + "：有错误的行（或整个文件）不会公示。请按说明改正后再检查。"
      : "没有发现错误" + (warnings ? "，有 " + warnings + " 个提示（不影响公示）" : "") + "。";
    $("check-table").tBodies[0].replaceChildren.apply($("check-table").tBodies[0], problemRows(result));
    $("check-table").hidden = !(errors + warnings);
    var section = $("check-result");
    section.hidden = false;
    section.setAttribute("data-file", result.path);
    section.setAttribute("data-department", department);
    section.setAttribute("data-encoding", result.encoding || "");
    section.setAttribute("data-rows", result.rows);
    section.setAttribute("data-accepted", result.accepted);
    section.setAttribute("data-run", state.runs);
    say("检查完成：" + result.path);
    box.setAttribute("data-state", "done");
  }

  function download() {
    if (!state.last) return;
    var proxy = state.checker.findings_xlsx(state.last.json);
    var bytes = proxy.toJs();
    proxy.destroy();
    var blob = new Blob([bytes], { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" });
    var link = el("a", { href: URL.createObjectURL(blob), download: state.last.name.replace(/\.[^.]*$/, "") + "-检查结果.xlsx" });
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  }

  function chosen(files) {
    if (files && files.length) check(files[0]);
  }

  var input = $("check-file"), drop = $("check-drop");
  input.addEventListener("change", function () { chosen(input.files); input.value = ""; });
  ["dragenter", "dragover"].forEach(function (type) {
    drop.addEventListener(type, function (event) { event.preventDefault(); drop.classList.add("is-over"); });
  });
  ["dragleave", "drop"].forEach(function (type) {
    drop.addEventListener(type, function () { drop.classList.remove("is-over"); });
  });
  drop.addEventListener("drop", function (event) { event.preventDefault(); chosen(event.dataTransfer.files); });
  $("check-form").addEventListener("submit", function (event) { event.preventDefault(); });
  $("check-print").addEventListener("click", function () { window.print(); });
  $("check-download").addEventListener("click", download);
}());
