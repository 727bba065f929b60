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
 * Hai nơi dùng: trang /tim-kiem/ (bộ lọc, đọc ?q=…&tinh=… từ địa chỉ để chia sẻ được) và ô tìm kiếm ở
 * đầu mọi trang (kết quả hiện ngay khi gõ). Kết quả được dựng bằng textContent/createElement: dữ liệu hồ
 * sơ không bao giờ được chèn dưới dạng HTML; không có mã nội tuyến, eval hay địa chỉ javascript:, nên
 * chạy được dưới Content-Security-Policy "script-src 'self'".
 *
 * Mọi con số dùng để xếp hạng đọc từ meta.json ("ranking"), do scripts/kb/search.py ghi: tệp này không
 * có trọng số riêng. Phần thuần (không đụng DOM) ở đầu tệp được kiểm thử bằng Node
 * (tests/js/kb-search.test.mjs, `node --test`): khi chạy trong Node, tệp chỉ xuất phần đó qua
 * module.exports.
 */
(function () {
  "use strict";

  /* ===================== Phần thuần: chuẩn hoá, chấm điểm, đoạn trích, địa chỉ ===================== */

  var TONES = { "\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5 };
  var SNIPPET_LEAD = 80; /* số ký tự giữ lại trước chỗ khớp đầu tiên của đoạn trích */
  var SNIPPET_LENGTH = 240;
  var WORD_CHAR = /[\p{L}\p{N}]/u;

  /* Giống kb.vietnamese.fold: bỏ mọi dấu, đ → d, chữ thường. */
  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d");
  }

  /* Giống kb.vietnamese.syllable_key: chữ (giữ dấu mũ, móc, trăng) + số thanh điệu; "hoà" = "hòa" = "hoa1". */
  function exactKey(syllable) {
    var tone = 0;
    var letters = syllable.normalize("NFC").toLowerCase().normalize("NFD").split("").filter(function (ch) {
      if (TONES[ch]) { tone = TONES[ch]; return false; }
      return true;
    }).join("").normalize("NFC");
    return tone ? letters + tone : letters;
  }

  /* Giống kb.search.tokens: các âm tiết, chữ thường, NFC; bỏ chuỗi dài hơn maxLength (không được đánh chỉ mục). */
  function tokenize(text, maxLength) {
    return (text.normalize("NFC").toLowerCase().match(/[\p{L}\p{N}\p{M}]+/gu) || []).filter(function (word) {
      return !maxLength || word.length <= maxLength;
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

  /* [khoảng cách, …] → danh sách số tài liệu. */
  function decodeGaps(gaps) {
    var docs = [], doc = 0;
    for (var i = 0; gaps && i < gaps.length; i++) {
      doc += gaps[i];
      docs.push(doc);
    }
    return docs;
  }

  function postingsMap(list, factor, into) {
    eachPosting(list, function (doc, weight) {
      weight *= factor;
      if (!into[doc] || into[doc] < weight) into[doc] = weight;
    });
  }

  /* Tài liệu khớp một âm tiết: {doc: trọng số × hệ số}; hệ số lấy từ ranking (meta.json). */
  function matchesFor(token, data, prefixTerms, ranking) {
    var found = {};
    if (data) {
      if (hasMarks(token)) {
        postingsMap(data.f, ranking.folded, found);
        postingsMap(data.e[exactKey(token)], ranking.exact, found);
      } else {
        postingsMap(data.f, ranking.unmarked, found);
      }
    }
    (prefixTerms || []).forEach(function (extra) { if (extra) postingsMap(extra.f, ranking.prefix, found); });
    return found;
  }

  /* Các âm tiết (bỏ dấu) để thử nối tiếp chữ cuối đang gõ: tối đa ranking.prefix_terms, theo thứ tự chữ cái. */
  function completions(token, vocabulary, ranking) {
    var key = fold(token);
    if (key.length < ranking.prefix_min_length || hasMarks(token)) return [];
    return (vocabulary || []).filter(function (term) {
      return term !== key && term.indexOf(key) === 0;
    }).slice(0, ranking.prefix_terms);
  }

  /*
   * Chấm điểm khi đã có tệp âm tiết của từng chữ: perWord[i] = {data: t/<chữ>.json, prefixes: [t/…json]}.
   * Điểm = Σ idf × trọng số × hệ số (ranking.exact, folded, unmarked, prefix)
   *      + Σ cặp chữ liền nhau: ranking.phrase × idf × trọng số của cặp,
   * nhân (số chữ khớp / số chữ)^ranking.coverage_power; trang hướng dẫn (từ tài liệu meta.guides) nhân
   * ranking.guide. Trả về [{doc, score, full}], full = khớp đủ mọi chữ; chưa sắp xếp.
   */
  function score(words, perWord, meta) {
    var ranking = meta.ranking, total = meta.documents, last = words.length - 1;
    var scores = {}, matched = {};
    perWord.forEach(function (entry, i) {
      var data = entry.data, extras = entry.prefixes || [];
      var n = data ? data.n : 0;
      extras.forEach(function (extra) { if (extra) n = Math.max(n, extra.n); });
      var idf = Math.log(1 + total / Math.max(n, 1));
      var found = matchesFor(words[i], data, extras, ranking);
      Object.keys(found).forEach(function (doc) {
        scores[doc] = (scores[doc] || 0) + idf * found[doc];
        matched[doc] = (matched[doc] || 0) + 1;
      });
      if (i < last && data && data.p) {
        eachPosting(data.p[fold(words[i + 1])], function (doc, weight) {
          scores[doc] = (scores[doc] || 0) + ranking.phrase * idf * weight;
        });
      }
    });
    return Object.keys(scores).map(function (key) {
      var doc = Number(key);
      var coverage = matched[key] / words.length;
      var factor = doc >= meta.guides ? ranking.guide : 1;
      return { doc: doc, score: scores[key] * Math.pow(coverage, ranking.coverage_power) * factor,
               full: matched[key] === words.length };
    });
  }

  /* Thứ tự kết quả: khớp đủ mọi chữ trước (nếu ranking.full_match_first), rồi điểm, rồi thứ tự tài liệu. */
  function rank(results, ranking) {
    return results.slice().sort(function (a, b) {
      if (ranking.full_match_first && a.full !== b.full) return a.full ? -1 : 1;
      return b.score - a.score || a.doc - b.doc;
    });
  }

  /* Nhóm của một tài liệu: hồ sơ (mặc định) hay trang hướng dẫn (thẻ riêng, loại meta.guide_kind). */
  function isGuide(doc, meta) { return doc >= meta.guides; }

  function wantsGuides(filters, meta) {
    return (filters.kind || []).indexOf(meta.guide_kind) >= 0;
  }

  /* Giữ các kết quả thuộc nhóm đang xem: không lọc loại → chỉ hồ sơ; lọc loại → theo bộ lọc đó. */
  function inGroup(results, filters, meta) {
    if ((filters.kind || []).length) return results;
    return results.filter(function (r) { return !isGuide(r.doc, meta); });
  }

  /* Chỗ khớp của các từ truy vấn trong text (so bằng dạng bỏ dấu): [[đầu, cuối], ...], theo thứ tự. */
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
    return ranges.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
  }

  /*
   * Đoạn trích quanh chỗ khớp đầu tiên: [{text, mark}], mark = đoạn khớp (được tô). Không cắt giữa chữ;
   * "… " ở đầu, " …" ở cuối khi có cắt. Chỉ là văn bản: nơi gọi dựng DOM bằng textContent.
   */
  function snippetParts(text, words, length) {
    length = length || SNIPPET_LENGTH;
    var ranges = matchRanges(text, words);
    var from = ranges.length ? Math.max(0, ranges[0][0] - SNIPPET_LEAD) : 0;
    while (from > 0 && from < text.length && WORD_CHAR.test(text[from - 1])) from++;
    var to = Math.min(text.length, from + length);
    var cut = to;
    while (cut > from && cut < text.length && WORD_CHAR.test(text[cut]) && WORD_CHAR.test(text[cut - 1])) cut--;
    if (cut > from) to = cut;
    var parts = [];
    if (from > 0) parts.push({ text: "… ", mark: false });
    var cursor = from;
    ranges.forEach(function (range) {
      if (range[0] < cursor || range[1] > to) return;
      if (range[0] > cursor) parts.push({ text: text.slice(cursor, range[0]), mark: false });
      parts.push({ text: text.slice(range[0], range[1]), mark: true });
      cursor = range[1];
    });
    var tail = text.slice(cursor, to).replace(/\s+$/, to < text.length ? "" : "$&");
    if (tail) parts.push({ text: tail, mark: false });
    if (to < text.length) parts.push({ text: " …", mark: false });
    return parts;
  }

  /* Trạng thái trang tìm kiếm từ địa chỉ ("?q=…&tinh=…"; tên tiếng Anh của định dạng cũ vẫn đọc được). */
  function readState(search, filters) {
    var params = new URLSearchParams(search);
    var state = { q: params.get("q") || "", filters: {} };
    filters.forEach(function (filter) {
      var values = params.getAll(filter.param).concat(params.getAll(filter.name)).filter(Boolean);
      state.filters[filter.name] = values.filter(function (v, i) { return values.indexOf(v) === i; });
    });
    return state;
  }

  /* Trạng thái → phần "?…" của địa chỉ ("" khi trống). */
  function stateQuery(state, filters) {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    filters.forEach(function (filter) {
      (state.filters[filter.name] || []).forEach(function (v) { params.append(filter.param, v); });
    });
    var query = params.toString();
    return query ? "?" + query : "";
  }

  /*
   * Số kết quả của từng giá trị bộ lọc. docs: các tài liệu khớp truy vấn (trong nhóm đang xem);
   * lists[tên][giá trị]: danh sách tài liệu của giá trị; chosen[tên]: giá trị đang chọn. Mỗi bộ lọc
   * đếm trên kết quả của các bộ lọc khác, để đổi giá trị vẫn thấy được số của giá trị kia.
   * → {tên: {"": số khi bỏ chọn bộ lọc này, giá trị: số}}.
   */
  function facetCounts(docs, lists, chosen) {
    var names = Object.keys(lists);
    var sets = {};
    names.forEach(function (name) {
      if (!(chosen[name] || []).length) return;
      var set = {};
      chosen[name].forEach(function (value) {
        (lists[name][value] || []).forEach(function (doc) { set[doc] = true; });
      });
      sets[name] = set;
    });
    var counts = {};
    names.forEach(function (name) {
      var others = docs.filter(function (doc) {
        return Object.keys(sets).every(function (other) { return other === name || sets[other][doc]; });
      });
      var here = {};
      others.forEach(function (doc) { here[doc] = true; });
      counts[name] = { "": others.length }; /* "" = "Tất cả": không chọn giá trị nào của bộ lọc này */
      Object.keys(lists[name]).forEach(function (value) {
        var count = 0;
        lists[name][value].forEach(function (doc) { if (here[doc]) count++; });
        counts[name][value] = count;
      });
    });
    return counts;
  }

  var core = {
    fold: fold, exactKey: exactKey, tokenize: tokenize, hasMarks: hasMarks, eachPosting: eachPosting,
    decodeGaps: decodeGaps, matchesFor: matchesFor, completions: completions, score: score, rank: rank,
    inGroup: inGroup, wantsGuides: wantsGuides, matchRanges: matchRanges, snippetParts: snippetParts,
    readState: readState, stateQuery: stateQuery, facetCounts: facetCounts
  };
  if (typeof module === "object" && module.exports) {
    module.exports = core; /* Node (kiểm thử đơn vị): chỉ phần thuần */
    return;
  }

  /* ===================== Phần trình duyệt: tải chỉ mục, dựng kết quả ===================== */

  var PAGE = 20;
  var HEADER_RESULTS = 8;

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
      tag.addEventListener("load", function () { resolve(registered[path] || null); tag.remove(); });
      tag.addEventListener("error", function () { resolve(null); tag.remove(); });
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

  function loadMeta() { return fetchJson("meta.json"); }

  /* Địa chỉ một trang: chỉ mục ghi kiểu thư mục ("don-vi/cau-ngang/"); bản ngoại tuyến dùng tệp .html. */
  function pageUrl(url) {
    var meta = document.querySelector('meta[name="kb:directory-urls"]');
    if (meta && meta.content === "false") url = url.replace(/\/(#|$)/, ".html$1");
    return base + url;
  }

  function searchPageUrl(query) {
    return pageUrl("tim-kiem/") + (query ? "?q=" + encodeURIComponent(query) : "");
  }

  function facetList(name, value) {
    return fetchJson("f/" + name + "/" + encodeURIComponent(value) + ".json").then(decodeGaps);
  }

  /* Tài liệu được các bộ lọc cho qua: {doc: true}, hoặc null khi không lọc gì. */
  function loadFilters(filters) {
    var names = Object.keys(filters).filter(function (name) { return filters[name].length; });
    return Promise.all(names.map(function (name) {
      return Promise.all(filters[name].map(function (value) { return facetList(name, value); })).then(function (lists) {
        var union = {};
        lists.forEach(function (list) { list.forEach(function (doc) { union[doc] = true; }); });
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

  function prefixTerms(token, ranking) {
    var key = fold(token);
    if (key.length < ranking.prefix_min_length || hasMarks(token)) return Promise.resolve([]);
    return fetchJson("v/" + encodeURIComponent(key[0]) + ".json").then(function (vocabulary) {
      return Promise.all(completions(token, vocabulary, ranking).map(function (term) {
        return fetchJson("t/" + encodeURIComponent(term) + ".json");
      }));
    });
  }

  /* Mọi tài liệu khớp truy vấn, cả hồ sơ và trang hướng dẫn, đã xếp hạng: Promise<[{doc, score, full}]>. */
  function candidates(query, options) {
    options = options || {};
    return loadMeta().then(function (meta) {
      if (!meta) return [];
      var words = tokenize(query, meta.max_term_length);
      if (!words.length) return [];
      var last = words.length - 1;
      return Promise.all(words.map(function (word, i) {
        var terms = fetchJson("t/" + encodeURIComponent(fold(word)) + ".json");
        var prefixes = options.prefix && i === last ? prefixTerms(word, meta.ranking) : Promise.resolve([]);
        return Promise.all([terms, prefixes]).then(function (pair) { return { data: pair[0], prefixes: pair[1] }; });
      })).then(function (perWord) { return rank(score(words, perWord, meta), meta.ranking); });
    });
  }

  /*
   * search("lam theo", {province: ["tra-vinh"]}, {prefix: true}) → Promise<[{doc, score, full}]>.
   * Không lọc loại: chỉ hồ sơ; trang hướng dẫn chỉ ra khi lọc loại "huong-dan" (thẻ riêng của chúng).
   * Không có từ tìm: mọi tài liệu bộ lọc cho qua, theo thứ tự tài liệu.
   */
  function search(query, filters, options) {
    filters = filters || {};
    return Promise.all([loadMeta(), loadFilters(filters), candidates(query, options)]).then(function (loaded) {
      return narrow(loaded[0], loaded[1], loaded[2], query, filters);
    });
  }

  /* Kết quả của candidates() còn lại sau bộ lọc (allowed) và nhóm đang xem. */
  function narrow(meta, allowed, results, query, filters) {
    if (!meta) return [];
    if (!tokenize(query, meta.max_term_length).length) {
      if (!allowed) return [];
      results = Object.keys(allowed).map(Number).sort(function (a, b) { return a - b; })
        .map(function (doc) { return { doc: doc, score: 0, full: true }; });
    } else if (allowed) {
      results = results.filter(function (r) { return allowed[r.doc]; });
    }
    return inGroup(results, filters, meta);
  }

  function details(docs) {
    return loadMeta().then(function (meta) {
      var size = meta.chunk;
      return Promise.all(docs.map(function (doc) {
        return fetchJson("d/" + Math.floor(doc / size) + ".json").then(function (chunk) {
          return chunk ? chunk[doc % size] : null;
        });
      }));
    });
  }

  /* Đoạn trích vào element: văn bản thường và <mark>, dựng bằng DOM. */
  function snippet(text, words, element, length) {
    snippetParts(text, words, length).forEach(function (part) {
      if (part.mark) {
        var mark = document.createElement("mark");
        mark.textContent = part.text;
        element.appendChild(mark);
      } else {
        element.appendChild(document.createTextNode(part.text));
      }
    });
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

  function number(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, "."); }

  /* Trang /tim-kiem/: truy vấn, thẻ (hồ sơ / trang hướng dẫn) và bộ lọc đọc từ địa chỉ, ghi lại khi đổi. */
  function runPage(root, meta) {
    var form = root.querySelector("form");
    var input = form.querySelector("input[name=q]");
    var box = form.querySelector("[data-search-filters]");
    var list = root.querySelector("[data-search-results]");
    var status = root.querySelector("[data-search-status]");
    var more = root.querySelector("[data-search-more]");
    var tabs = element("nav", "kb-search__tabs");
    tabs.setAttribute("aria-label", "Nhóm kết quả");
    form.parentNode.insertBefore(tabs, form.nextSibling);
    var clear = element("a", "kb-search__clear", "Xoá bộ lọc");
    var selects = {};
    var state = readState(window.location.search, meta.filters);
    input.value = state.q;
    var shown = 0, current = [], words = [], generation = 0;
    var facetNames = meta.filters.map(function (f) { return f.name; }).filter(function (name) {
      return Object.keys(meta.facets[name] || {}).length;
    });

    meta.filters.forEach(function (filter) {
      if (facetNames.indexOf(filter.name) < 0) return;
      var label = element("label", "kb-filter", filter.label + " ");
      var select = document.createElement("select");
      select.name = filter.name;
      label.appendChild(select);
      box.appendChild(label);
      selects[filter.name] = select;
    });
    box.appendChild(clear);

    function recordValues(name) {
      return Object.keys(meta.facets[name]).filter(function (value) {
        return !(name === "kind" && value === meta.guide_kind);
      });
    }

    function hasFilters() {
      return facetNames.some(function (name) {
        return state.filters[name].some(function (v) { return !(name === "kind" && v === meta.guide_kind); });
      });
    }

    function addressOf(next) { return window.location.pathname + stateQuery(next, meta.filters); }

    /* Các tuỳ chọn của mỗi bộ lọc: chỉ giá trị có kết quả (và giá trị đang chọn), kèm số kết quả. */
    function fillFilters(counts) {
      var guides = wantsGuides(state.filters, meta);
      facetNames.forEach(function (name) {
        var select = selects[name];
        var chosen = state.filters[name][0] || "";
        select.textContent = "";
        var any = element("option", "", "Tất cả (" + number(counts[name] ? counts[name][""] || 0 : 0) + ")");
        any.value = "";
        select.appendChild(any);
        recordValues(name).forEach(function (value) {
          var count = counts[name] ? counts[name][value] || 0 : 0;
          if (!count && value !== chosen) return;
          var option = element("option", "", meta.facets[name][value] + " (" + number(count) + ")");
          option.value = value;
          if (value === chosen) option.selected = true;
          select.appendChild(option);
        });
        select.parentNode.hidden = guides || select.options.length < 2;
      });
      clear.hidden = guides || !hasFilters();
      clear.href = addressOf({ q: state.q, filters: {} });
    }

    function tab(label, count, guides) {
      var here = wantsGuides(state.filters, meta) === guides;
      var next = here ? state : { q: state.q, filters: guides ? { kind: [meta.guide_kind] } : {} };
      var link = element("a", "kb-search__tab", label + (count === null ? "" : " (" + number(count) + ")"));
      link.href = addressOf(next);
      link.setAttribute("data-kb-tab", guides ? "huong-dan" : "ho-so");
      if (here) link.setAttribute("aria-current", "page");
      link.addEventListener("click", function (event) {
        event.preventDefault();
        state = next;
        run();
      });
      return link;
    }

    /* Số trên mỗi thẻ: thẻ đang xem đếm đúng các kết quả đang hiện (sau bộ lọc), thẻ kia đếm mọi kết quả của nó. */
    function showTabs(all, shownCount) {
      tabs.textContent = "";
      var records = null, guides = null;
      if (all) {
        records = all.filter(function (r) { return r.doc < meta.guides; }).length;
        guides = all.length - records;
        if (wantsGuides(state.filters, meta)) guides = shownCount; else records = shownCount;
      }
      tabs.appendChild(tab("Hồ sơ", records, false));
      tabs.appendChild(tab("Trang hướng dẫn", guides, true));
    }

    /* Số kết quả của mỗi giá trị lọc: trước khi tìm thì lấy sẵn trong meta.json, sau đó đếm trên kết quả. */
    function countFilters(all, mine) {
      var guides = wantsGuides(state.filters, meta);
      if (guides) { fillFilters({}); return Promise.resolve(); }
      if (!state.q && !hasFilters()) {
        var counts = {};
        facetNames.forEach(function (name) {
          counts[name] = Object.assign({ "": meta.guides }, meta.counts[name]);
        });
        fillFilters(counts);
        return Promise.resolve();
      }
      var lists = {};
      var loading = [];
      facetNames.forEach(function (name) {
        lists[name] = {};
        recordValues(name).forEach(function (value) {
          loading.push(facetList(name, value).then(function (docs) { lists[name][value] = docs; }));
        });
      });
      return Promise.all(loading).then(function () {
        if (mine !== generation) return;
        var docs;
        if (all) {
          docs = all.filter(function (r) { return r.doc < meta.guides; }).map(function (r) { return r.doc; });
        } else {
          docs = [];
          for (var doc = 0; doc < meta.guides; doc++) docs.push(doc);
        }
        var chosen = {};
        facetNames.forEach(function (name) {
          chosen[name] = state.filters[name].filter(function (v) { return v !== meta.guide_kind; });
        });
        fillFilters(facetCounts(docs, lists, chosen));
      });
    }

    function showMore(run) {
      var slice = current.slice(shown, shown + PAGE);
      return details(slice.map(function (r) { return r.doc; })).then(function (items) {
        if (run !== generation) return;
        items.forEach(function (item) { if (item) list.appendChild(resultItem(item, words, meta.kinds)); });
        shown += slice.length;
        more.hidden = shown >= current.length;
      });
    }

    function readForm() {
      state.q = input.value.trim();
      if (wantsGuides(state.filters, meta)) return;
      facetNames.forEach(function (name) {
        state.filters[name] = selects[name].value ? [selects[name].value] : [];
      });
    }

    function run() {
      var mine = ++generation;
      meta.filters.forEach(function (f) { state.filters[f.name] = state.filters[f.name] || []; });
      input.value = state.q;
      window.history.replaceState(null, "", addressOf(state));
      words = tokenize(state.q, meta.max_term_length);
      root.setAttribute("data-search-state", "loading");
      return Promise.all([loadFilters(state.filters), candidates(state.q)])
        .then(function (loaded) {
          if (mine !== generation) return;
          var all = words.length ? loaded[1] : null;
          var results = narrow(meta, loaded[0], loaded[1], state.q, state.filters);
          list.textContent = "";
          shown = 0;
          current = results;
          showTabs(all, results.length);
          status.textContent = results.length ? "Tìm thấy " + number(results.length) + " kết quả." :
            (state.q || hasFilters() ? "Không tìm thấy kết quả nào." : "Nhập từ cần tìm, có dấu hoặc không dấu.");
          return Promise.all([showMore(mine), countFilters(all, mine)]).then(function () {
            if (mine === generation) root.setAttribute("data-search-state", "done");
          });
        });
    }

    form.addEventListener("submit", function (event) { event.preventDefault(); readForm(); run(); });
    form.addEventListener("change", function () { readForm(); run(); });
    clear.addEventListener("click", function (event) {
      event.preventDefault();
      state = { q: input.value.trim(), filters: {} };
      run();
    });
    more.addEventListener("click", function () { showMore(generation); });
    run();
  }

  /* Ô tìm kiếm đầu trang: kết quả (chỉ hồ sơ) hiện ngay khi gõ; Enter mở trang tìm kiếm đầy đủ. */
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
      Promise.all([loadMeta(), search(query, {}, { prefix: true })]).then(function (loaded) {
        var meta = loaded[0], results = loaded[1];
        var words = meta ? tokenize(query, meta.max_term_length) : [];
        if (!words.length) {
          if (mine === generation) { list.textContent = ""; status.textContent = idle; }
          return;
        }
        return details(results.slice(0, HEADER_RESULTS).map(function (r) { return r.doc; })).then(function (items) {
          if (mine !== generation) return;
          list.textContent = "";
          status.textContent = "";
          var all = element("a", "", results.length ? "Xem tất cả, lọc theo tỉnh, lĩnh vực, năm…" :
            "Tìm trong trang hướng dẫn");
          all.href = searchPageUrl(query) + (results.length ? "" : "&loai=" + encodeURIComponent(meta.guide_kind));
          if (!results.length) status.appendChild(document.createTextNode("Không tìm thấy hồ sơ nào. "));
          else status.appendChild(document.createTextNode(number(results.length) + " kết quả. "));
          status.appendChild(all);
          items.forEach(function (item) { if (item) list.appendChild(headerItem(item, words, meta.kinds)); });
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

  window.kbSearch = {
    search: search, candidates: candidates, details: details, fold: fold, exactKey: exactKey,
    tokenize: tokenize, core: core
  };

  function start() {
    var header = document.querySelector("[data-kb-header-search]");
    if (header && !header.hasAttribute("data-kb-ready")) {
      header.setAttribute("data-kb-ready", "");
      runHeader(header);
    }
    var root = document.querySelector("[data-kb-search]");
    if (root && !root.hasAttribute("data-kb-ready")) {
      root.setAttribute("data-kb-ready", "");
      loadMeta().then(function (meta) {
        if (!meta) {
          root.querySelector("[data-search-status]").textContent = "Chưa có chỉ mục tìm kiếm (chạy kb build).";
          return;
        }
        runPage(root, meta);
      });
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
