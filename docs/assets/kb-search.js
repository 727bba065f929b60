/*
 * Tìm kiếm tiếng Việt cho cơ sở dữ liệu điển hình, kinh nghiệm.
 *
 * Đọc chỉ mục tĩnh do `kb build` sinh ra (scripts/kb/search.py) trong kb-search/:
 *   meta.json            số tài liệu, nhãn bộ lọc
 *   t/<âm tiết>.json     mỗi âm tiết bỏ dấu: bài đăng (f), dạng có dấu (e), cặp âm tiết (p),
 *                        mỗi danh sách ghi [khoảng cách, trọng số, …]: số tài liệu = số trước + khoảng cách
 *   f/<bộ lọc>/<giá trị>.json  danh sách tài liệu, ghi bằng khoảng cách
 *   d/<n>.json           chi tiết tài liệu, 64 tài liệu một tệp
 *   v/<chữ cái>.json     danh sách âm tiết (tìm theo tiền tố khi đang gõ)
 * Mỗi truy vấn chỉ tải vài tệp nhỏ. Khi trang được mở thẳng từ ổ đĩa (file://, bản ngoại tuyến),
 * trình duyệt không cho fetch(): mỗi tệp .json có một bản .js đi kèm, nạp bằng thẻ <script>.
 *
 * Hai nơi dùng: trang /tim-kiem/ (bộ lọc, đọc ?q= từ địa chỉ để chia sẻ được) và ô tìm kiếm ở đầu
 * mọi trang (kết quả hiện ngay khi gõ). Kết quả được dựng bằng textContent: dữ liệu hồ sơ không bao
 * giờ được chèn dưới dạng HTML.
 */
(function () {
  "use strict";

  var TONES = { "\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5 };
  var FILTERS = ["kind", "province", "level", "field", "topic", "year", "directive", "theme"];
  var FILTER_LABELS = {
    kind: "Loại", province: "Tỉnh, thành phố", level: "Cấp", field: "Lĩnh vực", topic: "Chủ đề kinh nghiệm",
    year: "Năm", directive: "Văn bản", theme: "Chuyên đề"
  };
  var PAGE = 20;
  var HEADER_RESULTS = 8;
  var MAX_TERM_LENGTH = 40; /* như search.MAX_TERM_LENGTH */

  var script = document.currentScript;
  var base = script ? script.src.replace(/assets\/kb-search\.js.*$/, "") : "/";
  var fromDisk = window.location.protocol === "file:";
  var cache = {};
  var registered = {};

  /* Bản .js của một tệp chỉ mục gọi hàm này với đường dẫn và dữ liệu của nó. */
  window.__kbSearchRegister = function (path, data) { registered[path] = data; };

  function loadByScript(path) {
    return new Promise(function (resolve) {
      var tag = document.createElement("script");
      tag.src = base + "kb-search/" + path.replace(/\.json$/, ".js");
      tag.onload = function () { resolve(registered[path] || null); tag.remove(); };
      tag.onerror = function () { resolve(null); tag.remove(); };
      document.head.appendChild(tag);
    });
  }

  function loadByFetch(path) {
    return fetch(base + "kb-search/" + path).then(function (response) {
      return response.ok ? response.json() : null;
    }).catch(function () { return null; });
  }

  function fetchJson(path) {
    if (!cache[path]) cache[path] = fromDisk ? loadByScript(path) : loadByFetch(path);
    return cache[path];
  }

  /* Địa chỉ một trang: chỉ mục ghi kiểu thư mục ("don-vi/cau-ngang/"); bản ngoại tuyến dùng tệp .html. */
  function pageUrl(url) {
    var meta = document.querySelector('meta[name="kb:directory-urls"]');
    if (meta && meta.content === "false") url = url.replace(/\/(#|$)/, ".html$1");
    return base + url;
  }

  function searchPageUrl(query) {
    return pageUrl("tim-kiem/") + (query ? "?q=" + encodeURIComponent(query) : "");
  }

  /* Giống kb.vietnamese.fold: bỏ mọi dấu, đ → d, chữ thường. */
  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d");
  }

  /* Giống kb.vietnamese.syllable_key: chữ (giữ dấu mũ, móc, trăng) + số thanh điệu. */
  function exactKey(syllable) {
    var tone = 0;
    var letters = syllable.normalize("NFC").toLowerCase().normalize("NFD").split("").filter(function (ch) {
      if (TONES[ch]) { tone = TONES[ch]; return false; }
      return true;
    }).join("").normalize("NFC");
    return tone ? letters + tone : letters;
  }

  /* Giống kb.search.tokens: các âm tiết, chữ thường, NFC; bỏ chuỗi quá dài (không được đánh chỉ mục). */
  function tokenize(text) {
    return (text.normalize("NFC").toLowerCase().match(/[\p{L}\p{N}\p{M}]+/gu) || []).filter(function (word) {
      return word.length <= MAX_TERM_LENGTH;
    });
  }

  function hasMarks(token) { return fold(token) !== token; }

  /* [khoảng cách, trọng số, …] → gọi visit(tài liệu, trọng số) cho từng bài đăng. */
  function eachPosting(list, visit) {
    var doc = 0;
    for (var i = 0; list && i + 1 < list.length; i += 2) {
      doc += list[i];
      visit(doc, list[i + 1]);
    }
  }

  function eachDocument(gaps, visit) {
    var doc = 0;
    for (var i = 0; gaps && i < gaps.length; i++) {
      doc += gaps[i];
      visit(doc);
    }
  }

  function postingsMap(list, factor, into) {
    eachPosting(list, function (doc, weight) {
      weight *= factor;
      if (!into[doc] || into[doc] < weight) into[doc] = weight;
    });
  }

  /* Tài liệu khớp một âm tiết: {doc: trọng số}. Dạng có dấu khớp đúng được nhân đôi. */
  function matchesFor(token, data, prefixTerms) {
    var found = {};
    if (data) {
      if (hasMarks(token)) {
        postingsMap(data.f, 1, found);
        postingsMap(data.e[exactKey(token)], 2, found);
      } else {
        postingsMap(data.f, 1.5, found);
      }
    }
    (prefixTerms || []).forEach(function (extra) { if (extra) postingsMap(extra.f, 0.5, found); });
    return found;
  }

  function loadFilters(filters) {
    var names = Object.keys(filters).filter(function (name) { return filters[name].length; });
    return Promise.all(names.map(function (name) {
      return Promise.all(filters[name].map(function (value) {
        return fetchJson("f/" + name + "/" + encodeURIComponent(value) + ".json");
      })).then(function (lists) {
        var union = {};
        lists.forEach(function (list) { eachDocument(list, function (doc) { union[doc] = true; }); });
        return union;
      });
    })).then(function (sets) {
      if (!sets.length) return null;
      var allowed = sets[0];
      sets.slice(1).forEach(function (set) {
        var next = {};
        Object.keys(allowed).forEach(function (doc) { if (set[doc]) next[doc] = true; });
        allowed = next;
      });
      return allowed;
    });
  }

  function prefixCandidates(token) {
    var key = fold(token);
    if (key.length < 2) return Promise.resolve([]);
    return fetchJson("v/" + encodeURIComponent(key[0]) + ".json").then(function (vocabulary) {
      var terms = (vocabulary || []).filter(function (term) { return term !== key && term.indexOf(key) === 0; });
      return Promise.all(terms.slice(0, 12).map(function (term) { return fetchJson("t/" + encodeURIComponent(term) + ".json"); }));
    });
  }

  /*
   * search("lam theo", {province: ["tra-vinh"]}, {prefix: true}) → Promise<[{doc, score}]>
   * Điểm = Σ idf × trọng số (có dấu khớp đúng ×2; trong tiêu đề ≥ 10), cộng điểm cụm hai âm tiết liền
   * nhau, nhân (số âm tiết khớp / số âm tiết)³ để tài liệu khớp đủ đứng trước; trang hướng dẫn (từ tài
   * liệu meta.demoted.from trở đi) nhân thêm meta.demoted.factor để hồ sơ đứng trước.
   */
  function search(query, filters, options) {
    options = options || {};
    var words = tokenize(query);
    return Promise.all([fetchJson("meta.json"), loadFilters(filters || {})]).then(function (loaded) {
      var meta = loaded[0], allowed = loaded[1];
      if (!meta) return [];
      var total = meta.documents;
      if (!words.length) {
        if (!allowed) return [];
        return Object.keys(allowed).map(Number).sort(function (a, b) { return a - b; })
          .map(function (doc) { return { doc: doc, score: 0 }; });
      }
      var last = words.length - 1;
      return Promise.all(words.map(function (word, i) {
        var terms = fetchJson("t/" + encodeURIComponent(fold(word)) + ".json");
        var prefixes = options.prefix && i === last && !hasMarks(word) ? prefixCandidates(word) : Promise.resolve([]);
        return Promise.all([terms, prefixes]);
      })).then(function (perWord) {
        var scores = {}, matched = {};
        perWord.forEach(function (pair, i) {
          var data = pair[0];
          var n = data ? data.n : 0;
          pair[1].forEach(function (extra) { if (extra) n = Math.max(n, extra.n); });
          var idf = Math.log(1 + total / Math.max(n, 1));
          var found = matchesFor(words[i], data, pair[1]);
          Object.keys(found).forEach(function (doc) {
            scores[doc] = (scores[doc] || 0) + idf * found[doc];
            matched[doc] = (matched[doc] || 0) + 1;
          });
          if (i < last && data && data.p) {
            eachPosting(data.p[fold(words[i + 1])], function (doc, weight) {
              scores[doc] = (scores[doc] || 0) + 2 * idf * weight;
            });
          }
        });
        var results = [];
        var demoted = meta.demoted || { from: total, factor: 1 };
        Object.keys(scores).forEach(function (key) {
          if (allowed && !allowed[key]) return;
          var coverage = matched[key] / words.length;
          var factor = Number(key) >= demoted.from ? demoted.factor : 1;
          results.push({ doc: Number(key), score: scores[key] * coverage * coverage * coverage * factor });
        });
        results.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
        return results;
      });
    });
  }

  function details(docs) {
    return fetchJson("meta.json").then(function (meta) {
      var size = meta.chunk;
      return Promise.all(docs.map(function (doc) {
        return fetchJson("d/" + Math.floor(doc / size) + ".json").then(function (chunk) {
          return chunk ? chunk[doc % size] : null;
        });
      }));
    });
  }

  /* Chỗ khớp của các từ truy vấn trong text (so bằng dạng bỏ dấu): [[đầu, cuối], ...]. */
  function matchRanges(text, words) {
    var foldedChars = [], origin = [];
    for (var i = 0; i < text.length; i++) {
      var f = fold(text[i]);
      for (var j = 0; j < f.length; j++) { foldedChars.push(f[j]); origin.push(i); }
    }
    var folded = foldedChars.join("");
    var ranges = [];
    words.map(fold).forEach(function (word) {
      if (!word) return;
      var re = new RegExp("(^|[^\\p{L}\\p{N}])(" + word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + ")(?=$|[^\\p{L}\\p{N}])", "gu");
      var m;
      while ((m = re.exec(folded))) {
        var start = m.index + m[1].length;
        ranges.push([origin[start], origin[start + m[2].length - 1] + 1]);
      }
    });
    return ranges.sort(function (a, b) { return a[0] - b[0]; });
  }

  /* Đoạn trích quanh chỗ khớp đầu tiên, chỗ khớp được đánh dấu <mark> (dựng bằng DOM). */
  function snippet(text, words, element, length) {
    var ranges = matchRanges(text, words);
    var from = ranges.length ? Math.max(0, ranges[0][0] - 80) : 0;
    while (from > 0 && from < text.length && /[\p{L}\p{N}]/u.test(text[from - 1])) from++;
    var to = Math.min(text.length, from + (length || 240));
    if (from > 0) element.appendChild(document.createTextNode("… "));
    var cursor = from;
    ranges.forEach(function (range) {
      if (range[0] < cursor || range[1] > to) return;
      element.appendChild(document.createTextNode(text.slice(cursor, range[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(range[0], range[1]);
      element.appendChild(mark);
      cursor = range[1];
    });
    element.appendChild(document.createTextNode(text.slice(cursor, to) + (to < text.length ? " …" : "")));
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function where(item) {
    return [item.n, item.p].filter(Boolean).join(" · ");
  }

  /* Một kết quả trên trang tìm kiếm. */
  function resultItem(item, words, kinds) {
    var li = element("li", "kb-result");
    li.appendChild(element("span", "kb-result__kind", kinds[item.k] || item.k));
    li.appendChild(document.createTextNode(" "));
    var link = element("a", "kb-result__title");
    link.href = pageUrl(item.u);
    snippet(item.t, words, link, 400);
    li.appendChild(link);
    if (item.n || item.p) li.appendChild(element("div", "kb-result__where", where(item)));
    if (item.x) {
      var text = element("div", "kb-result__snippet");
      snippet(item.x, words, text);
      li.appendChild(text);
    }
    return li;
  }

  /* Một kết quả trong ô tìm kiếm đầu trang, theo khuôn của Material (md-search-result__*). */
  function headerItem(item, words, kinds) {
    var li = element("li", "md-search-result__item");
    var link = element("a", "md-search-result__link");
    link.href = pageUrl(item.u);
    link.tabIndex = -1;
    var article = element("article", "md-search-result__article md-typeset");
    var title = element("h1");
    snippet(item.t, words, title, 400);
    article.appendChild(title);
    article.appendChild(element("p", "kb-result__where", [kinds[item.k] || item.k, where(item)].filter(Boolean).join(" · ")));
    if (item.x) {
      var text = element("p");
      snippet(item.x, words, text, 160);
      article.appendChild(text);
    }
    link.appendChild(article);
    li.appendChild(link);
    return li;
  }

  function readState() {
    var params = new URLSearchParams(window.location.search);
    var filters = {};
    FILTERS.forEach(function (name) { filters[name] = params.getAll(name).filter(Boolean); });
    return { q: params.get("q") || "", filters: filters };
  }

  function writeState(state) {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    FILTERS.forEach(function (name) { state.filters[name].forEach(function (v) { params.append(name, v); }); });
    var query = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
  }

  function buildFilterControls(form, meta, state) {
    var box = form.querySelector("[data-search-filters]");
    FILTERS.forEach(function (name) {
      var values = meta.facets[name] || {};
      if (!Object.keys(values).length) return;
      var label = element("label", "kb-filter", FILTER_LABELS[name] + " ");
      var select = document.createElement("select");
      select.name = name;
      var any = element("option", "", "Tất cả");
      any.value = "";
      select.appendChild(any);
      Object.keys(values).forEach(function (value) {
        var option = element("option", "", values[value]);
        option.value = value;
        if (state.filters[name].indexOf(value) >= 0) option.selected = true;
        select.appendChild(option);
      });
      label.appendChild(select);
      box.appendChild(label);
    });
  }

  /* Trang /tim-kiem/: truy vấn và bộ lọc đọc từ địa chỉ, ghi lại vào địa chỉ khi đổi. */
  function runPage(root) {
    var form = root.querySelector("form");
    var input = form.querySelector("input[name=q]");
    var list = root.querySelector("[data-search-results]");
    var status = root.querySelector("[data-search-status]");
    var more = root.querySelector("[data-search-more]");
    var state = readState();
    input.value = state.q;
    var shown = 0, current = [], words = [], generation = 0;

    function showMore(meta, run) {
      var slice = current.slice(shown, shown + PAGE);
      return details(slice.map(function (r) { return r.doc; })).then(function (items) {
        if (run !== generation) return;
        items.forEach(function (item) { if (item) list.appendChild(resultItem(item, words, meta.kinds)); });
        shown += slice.length;
        more.hidden = shown >= current.length;
      });
    }

    function run(meta) {
      var mine = ++generation;
      state.q = input.value.trim();
      FILTERS.forEach(function (name) {
        var select = form.querySelector("select[name=" + name + "]");
        state.filters[name] = select && select.value ? [select.value] : (select ? [] : state.filters[name]);
      });
      writeState(state);
      words = tokenize(state.q);
      root.setAttribute("data-search-state", "loading");
      return search(state.q, state.filters).then(function (results) {
        if (mine !== generation) return;
        list.textContent = "";
        shown = 0;
        current = results;
        var filtered = FILTERS.some(function (n) { return state.filters[n].length; });
        status.textContent = results.length ? "Tìm thấy " + results.length + " kết quả." :
          (state.q || filtered ? "Không tìm thấy kết quả nào." : "Nhập từ cần tìm, có dấu hoặc không dấu.");
        return showMore(meta, mine).then(function () {
          if (mine === generation) root.setAttribute("data-search-state", "done");
        });
      });
    }

    fetchJson("meta.json").then(function (meta) {
      if (!meta) { status.textContent = "Chưa có chỉ mục tìm kiếm (chạy kb build)."; return; }
      buildFilterControls(form, meta, state);
      form.addEventListener("submit", function (event) { event.preventDefault(); run(meta); });
      form.addEventListener("change", function () { run(meta); });
      more.addEventListener("click", function () { showMore(meta, generation); });
      run(meta);
    });
  }

  /* Ô tìm kiếm đầu trang: kết quả hiện ngay khi gõ; Enter mở trang tìm kiếm đầy đủ. */
  function runHeader(root) {
    var toggle = document.getElementById("__search");
    var form = root.querySelector("form");
    var input = form.querySelector("input[name=q]");
    var list = root.querySelector("[data-kb-header-results]");
    var status = root.querySelector("[data-kb-header-status]");
    var idle = status.textContent;
    var timer = null, generation = 0;

    function open(value) {
      if (toggle && toggle.checked !== value) {
        toggle.checked = value;
        toggle.dispatchEvent(new Event("change"));
      }
    }

    function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }

    function show(query) {
      var mine = ++generation;
      var words = tokenize(query);
      if (!words.length) { list.textContent = ""; status.textContent = idle; return; }
      Promise.all([fetchJson("meta.json"), search(query, {}, { prefix: true })]).then(function (loaded) {
        var meta = loaded[0], results = loaded[1];
        return details(results.slice(0, HEADER_RESULTS).map(function (r) { return r.doc; })).then(function (items) {
          if (mine !== generation) return;
          list.textContent = "";
          status.textContent = "";
          if (!results.length) { status.textContent = "Không tìm thấy kết quả nào."; return; }
          status.appendChild(document.createTextNode(results.length + " kết quả. "));
          var all = element("a", "", "Xem tất cả, lọc theo tỉnh, lĩnh vực, năm…");
          all.href = searchPageUrl(query);
          status.appendChild(all);
          items.forEach(function (item) { if (item) list.appendChild(headerItem(item, words, meta ? meta.kinds : {})); });
          root.setAttribute("data-search-state", "done");
        });
      });
    }

    input.addEventListener("focus", function () { open(true); });
    input.addEventListener("input", function () {
      root.setAttribute("data-search-state", "loading");
      clearTimeout(timer);
      timer = setTimeout(function () { show(input.value); }, 120);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (input.value.trim()) window.location.href = searchPageUrl(input.value.trim());
    });
    form.addEventListener("reset", function () { list.textContent = ""; status.textContent = idle; input.focus(); });
    if (toggle) {
      toggle.addEventListener("change", function () { if (toggle.checked && document.activeElement !== input) input.focus(); });
    }
    root.addEventListener("keydown", function (event) {
      var all = links(), at = all.indexOf(document.activeElement);
      if (event.key === "Escape") { open(false); input.blur(); event.preventDefault(); }
      else if (event.key === "ArrowDown" && all.length) { all[Math.min(at + 1, all.length - 1)].focus(); event.preventDefault(); }
      else if (event.key === "ArrowUp" && at >= 0) { (at === 0 ? input : all[at - 1]).focus(); event.preventDefault(); }
    });
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      var typing = target && (/^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) || target.isContentEditable);
      if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === "/" || event.key === "s" || event.key === "f") {
        open(true);
        input.focus();
        input.select();
        event.preventDefault();
      }
    });
  }

  window.kbSearch = { search: search, details: details, fold: fold, exactKey: exactKey, tokenize: tokenize };

  function start() {
    var header = document.querySelector("[data-kb-header-search]");
    if (header && !header.hasAttribute("data-kb-ready")) {
      header.setAttribute("data-kb-ready", "");
      runHeader(header);
    }
    var root = document.querySelector("[data-kb-search]");
    if (root && !root.hasAttribute("data-kb-ready")) {
      root.setAttribute("data-kb-ready", "");
      runPage(root);
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
