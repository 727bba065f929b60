/*
 * The /tim-kiem/ page of the Vietnamese search (loaded on that page only; docs/assets/kb-search.js, on every
 * page, holds the index reader, the ranking and the header box, and starts fetching the index before this
 * script runs). The page reads its query, tab and filters from the address (?q=...&tinh=..., so it can be
 * shared) and writes them back; it shows its results first (filters folded on a phone) and counts the filter
 * values once the first results are on screen, from one file (f.json), only when the filters are open.
 * Results are built with textContent/createElement, never as HTML.
 *
 * The pure part (address state, filter counts) is unit-tested with Node (tests/js/kb-search.test.mjs): under
 * Node the file exports only that part through module.exports.
 */
(function () {
  "use strict";

  /* The search page's state from its address ("?q=...&tinh=..."; the English names of format 2 still read). */
  function readState(search, filters) {
    var params = new URLSearchParams(search);
    var state = { q: params.get("q") || "", filters: {} };
    filters.forEach(function (filter) {
      var values = params.getAll(filter.param).concat(params.getAll(filter.name)).filter(Boolean);
      state.filters[filter.name] = values.filter(function (v, i) { return values.indexOf(v) === i; });
    });
    return state;
  }

  /* State → the address's "?..." ("" when empty). */
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
   * Result count of each filter value. docs: the documents the query found (in the group shown);
   * lists[name][value]: the documents of a value; chosen[name]: the values chosen. Each filter is counted
   * on the results of the others, so the counts of other values stay visible.
   * → {name: {"": count without this filter, value: count}}.
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
      counts[name] = { "": others.length }; /* "" = "Tất cả": no value of this filter chosen */
      Object.keys(lists[name]).forEach(function (value) {
        var count = 0;
        lists[name][value].forEach(function (doc) { if (here[doc]) count++; });
        counts[name][value] = count;
      });
    });
    return counts;
  }

  var pure = { readState: readState, stateQuery: stateQuery, facetCounts: facetCounts };
  if (typeof module === "object" && module.exports) {
    module.exports = pure; /* Node (unit tests): the pure part only */
    return;
  }

  var PAGE = 20;
  var FIRST = 4; /* results shown before the rest of the first page has arrived */
  var WIDE = "(min-width: 60em)"; /* wide screen: filters open; phone: filters folded, results first */

  function start(kb) {
    var core = kb.core, ui = kb.ui;
    var element = ui.element, snippet = ui.snippet, where = ui.where, number = ui.number, pageUrl = ui.pageUrl;
    var analyse = core.analyse, summarise = core.summarise, wantsGuides = core.wantsGuides;
    var index = { find: kb.find, facetLists: kb.facetLists }, details = kb.details;

    /* One result on the search page. */
    function resultItem(item, query, kinds) {
      var li = element("li", "kb-result");
      li.appendChild(element("span", "kb-result__kind", kinds[item.k] || item.k));
      li.appendChild(document.createTextNode(" "));
      var link = element("a", "kb-result__title");
      link.href = pageUrl(item.u);
      snippet(item.t, query, link, 400);
      li.appendChild(link);
      if (item.n || item.p) li.appendChild(element("div", "kb-result__where", where(item)));
      if (item.x) {
        var text = element("div", "kb-result__snippet");
        snippet(item.x, query, text);
        li.appendChild(text);
      }
      return li;
    }

    function quoted(list) {
      return list.map(function (text) { return "“" + text + "”"; }).join(", ");
    }

    /*
     * What a search found, said to the reader: how many results have the words as typed, how many have the
     * words apart or marked otherwise, how many only some (after the line); phrases and marks found nowhere.
     */
    function statusText(summary, query, shown) {
      if (!query.words.length) return "Có " + number(shown) + " hồ sơ theo bộ lọc đã chọn.";
      var typed = [];
      query.words.forEach(function (w) {
        if (!w.joined || !typed.length) typed.push([]);
        typed[typed.length - 1].push(w.typed);
      });
      typed = typed.map(function (words) { return words.join(" "); });
      var lines = [];
      if (summary.whole) {
        lines.push("Tìm thấy " + number(summary.whole) + " kết quả có " + quoted(typed) + " như đã gõ.");
      } else if (summary.full) {
        if (!summary.absentPhrases.length && !summary.absentExact.length) {
          lines.push("Không hồ sơ nào có " + quoted(typed) + " đúng như đã gõ.");
        }
      } else {
        lines.push("Không kết quả nào có đủ mọi từ đã gõ.");
      }
      if (summary.absentPhrases.length) {
        lines.push("Không hồ sơ nào có cụm " + quoted(summary.absentPhrases) + " với các chữ đi liền nhau.");
      }
      if (summary.absentExact.length) {
        lines.push("Không hồ sơ nào có chữ " + quoted(summary.absentExact) + " đúng dấu như đã gõ.");
      }
      if (summary.full > summary.whole) {
        var how = !summary.pairs ? "có chữ khác dấu, cùng cách viết không dấu" :
          (summary.marked ? "có đủ các chữ nhưng rời nhau hoặc khác dấu" : "có đủ các chữ nhưng rời nhau");
        lines.push(number(summary.full - summary.whole) + " kết quả " + (summary.whole ? "khác " : "") + how + ".");
      }
      if (summary.partial) {
        lines.push(number(summary.partial) + " kết quả chỉ có một phần các từ, ở sau đường kẻ.");
      }
      return lines.join(" ");
    }

    /* The /tim-kiem/ page: query, tab (records / guide pages) and filters read from the address, written back. */
    function runPage(root, meta) {
      var form = root.querySelector("form");
      var input = form.querySelector("input[name=q]");
      var panel = root.querySelector("[data-search-filters]");
      var box = panel.querySelector("[data-search-filter-list]") || panel;
      var summaryLabel = panel.querySelector("summary");
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
      var shown = 0, current = [], query = analyse("", meta), generation = 0, lastFound = null;
      var facetNames = [], facets = null; /* the filters that have values, and facets.json once it is loaded */
      if (panel.tagName === "DETAILS" && window.matchMedia && window.matchMedia(WIDE).matches) panel.open = true;

      /* Labels, groups and counts of the filter values (facets.json): fetched once, when the filters are shown. */
      function loadFacets() {
        return kb.load("facets.json").then(function (data) {
          if (facets || !data) return facets;
          facets = data;
          facetNames = meta.filters.map(function (f) { return f.name; }).filter(function (name) {
            return Object.keys(facets.facets[name] || {}).length;
          });
          meta.filters.forEach(function (filter) {
            if (facetNames.indexOf(filter.name) < 0) return;
            var label = element("label", "kb-filter", filter.label + " ");
            var select = document.createElement("select");
            select.name = filter.name;
            label.appendChild(select);
            box.insertBefore(label, clear);
            selects[filter.name] = select;
          });
          return facets;
        });
      }
      box.appendChild(clear);

      function recordValues(name) {
        return Object.keys(facets.facets[name]).filter(function (value) {
          return !(name === "kind" && value === meta.guide_kind);
        });
      }

      function chosenCount() {
        return meta.filters.filter(function (filter) {
          return (state.filters[filter.name] || []).some(function (v) {
            return !(filter.name === "kind" && v === meta.guide_kind);
          });
        }).length;
      }

      function hasFilters() { return chosenCount() > 0; }

      function addressOf(next) { return window.location.pathname + stateQuery(next, meta.filters); }

      function option(name, value, counts, chosen) {
        var count = counts[name] ? counts[name][value] || 0 : 0;
        if (counts[name] && !count && value !== chosen) return null;
        var text = facets.facets[name][value] + (counts[name] ? " (" + number(count) + ")" : "");
        var node = element("option", "", text);
        node.value = value;
        if (value === chosen) node.selected = true;
        return node;
      }

      /* The line that folds the filters says how many are chosen; "Xoá bộ lọc" shows when some are. */
      function showChosen() {
        var guides = wantsGuides(state.filters, meta), n = chosenCount();
        clear.hidden = guides || !n;
        clear.href = addressOf({ q: state.q, filters: {} });
        if (summaryLabel) summaryLabel.textContent = "Bộ lọc" + (n ? " (" + n + " đang chọn)" : "");
      }

      /* Each filter's options: values with results (and the chosen one), with counts. Provinces: today's
         first, the merged ones after, each group an <optgroup>. */
      function fillFilters(counts) {
        var guides = wantsGuides(state.filters, meta);
        facetNames.forEach(function (name) {
          var select = selects[name];
          var chosen = state.filters[name][0] || "";
          select.textContent = "";
          var any = element("option", "", "Tất cả" + (counts[name] ? " (" + number(counts[name][""] || 0) + ")" : ""));
          any.value = "";
          select.appendChild(any);
          var values = recordValues(name);
          var groups = (facets.groups || {})[name];
          if (groups) {
            groups.forEach(function (group) {
              var optgroup = element("optgroup");
              optgroup.label = group.label;
              group.values.forEach(function (value) {
                var node = values.indexOf(value) >= 0 ? option(name, value, counts, chosen) : null;
                if (node) optgroup.appendChild(node);
              });
              if (optgroup.children.length) select.appendChild(optgroup);
            });
          } else {
            values.forEach(function (value) {
              var node = option(name, value, counts, chosen);
              if (node) select.appendChild(node);
            });
          }
          select.parentNode.hidden = guides || select.options.length < 2;
        });
        showChosen();
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

      /* Each tab's count: the tab shown counts the results shown (after filters), the other all of its own. */
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

      /*
       * The filters and their counts, once the first results are shown and only when the filters are open:
       * labels and counts before any search from facets.json; after, counted on the results with every
       * filter list in one file (f.json).
       */
      function countFilters(all, mine) {
        showChosen();
        if (panel.tagName === "DETAILS" && !panel.open) return Promise.resolve();
        return loadFacets().then(function () {
          if (mine !== generation || !facets) return;
          if (wantsGuides(state.filters, meta)) { fillFilters({}); return; }
          if (!state.q && !hasFilters()) {
            var counts = {};
            facetNames.forEach(function (name) {
              counts[name] = Object.assign({ "": meta.guides }, facets.counts[name]);
            });
            fillFilters(counts);
            return;
          }
          return index.facetLists().then(function (lists) {
            if (mine !== generation) return;
            var docs;
            if (all) {
              docs = all.filter(function (r) { return r.doc < meta.guides; }).map(function (r) { return r.doc; });
            } else {
              docs = [];
              for (var doc = 0; doc < meta.guides; doc++) docs.push(doc);
            }
            var chosen = {}, wanted = {};
            facetNames.forEach(function (name) {
              chosen[name] = state.filters[name].filter(function (v) { return v !== meta.guide_kind; });
              wanted[name] = lists[name] || {};
            });
            fillFilters(facetCounts(docs, wanted, chosen));
          });
        });
      }

      /* The line before the first result that has only some of the words: an item of the list that says so
         (role=separator would make it a child a list may not hold). */
      function divider() {
        var li = element("li", "kb-search__divider");
        li.appendChild(element("span", "", "Các kết quả dưới đây chỉ có một phần các từ đã gõ."));
        return li;
      }

      /* Shows the next results: on a new search the first few as soon as their details arrive, then the rest
         of the page (a phone's first screen holds two or three). */
      function showMore(run) {
        var slice = current.slice(shown, shown + PAGE);
        var first = shown ? slice : slice.slice(0, FIRST);
        return show(first, run).then(function () {
          return first.length < slice.length ? show(slice.slice(first.length), run) : null;
        }).then(function () {
          if (run === generation) more.hidden = shown >= current.length;
        });
      }

      function show(part, run) {
        return details(part.map(function (r) { return r.doc; })).then(function (items) {
          if (run !== generation) return;
          items.forEach(function (item, i) {
            var position = shown + i;
            if (query.words.length && position > 0 && !current[position].full && current[position - 1].full) {
              list.appendChild(divider());
            }
            if (item) list.appendChild(resultItem(item, query, meta.kinds));
          });
          shown += part.length;
        });
      }

      function readForm() {
        state.q = input.value.trim();
        if (wantsGuides(state.filters, meta)) return;
        facetNames.forEach(function (name) { /* none before facets.json: the address's filters stay */
          state.filters[name] = selects[name].value ? [selects[name].value] : [];
        });
      }

      function run() {
        var mine = ++generation;
        meta.filters.forEach(function (f) { state.filters[f.name] = state.filters[f.name] || []; });
        input.value = state.q;
        window.history.replaceState(null, "", addressOf(state));
        root.setAttribute("data-search-state", "loading");
        return index.find(state.q, state.filters).then(function (found) {
          if (mine !== generation) return;
          query = found.query;
          lastFound = query.words.length ? found.all : null;
          list.textContent = "";
          shown = 0;
          current = found.results;
          showTabs(lastFound, current.length);
          status.textContent = current.length ? statusText(summarise(current, query), query, current.length) :
            (state.q || hasFilters() ? "Không tìm thấy kết quả nào." : "Nhập từ cần tìm, có dấu hoặc không dấu.");
          return showMore(mine).then(function () {
            if (mine === generation) return countFilters(lastFound, mine); /* only once the first results are shown */
          }).then(function () {
            if (mine === generation) root.setAttribute("data-search-state", "done");
          });
        });
      }

      form.addEventListener("submit", function (event) { event.preventDefault(); readForm(); run(); });
      form.addEventListener("change", function () { readForm(); run(); });
      if (panel.tagName === "DETAILS") {
        panel.addEventListener("toggle", function () {
          if (panel.open && root.getAttribute("data-search-state") === "done") countFilters(lastFound, generation);
        });
      }
      clear.addEventListener("click", function (event) {
        event.preventDefault();
        state = { q: input.value.trim(), filters: {} };
        run();
      });
      more.addEventListener("click", function () { showMore(generation); });
      showChosen();
      run();
    }

    var root = document.querySelector("[data-kb-search]");
    if (!root || root.hasAttribute("data-kb-ready")) return;
    root.setAttribute("data-kb-ready", "");
    kb.loadMeta().then(function (meta) {
      if (!meta) {
        root.querySelector("[data-search-status]").textContent = "Chưa có chỉ mục tìm kiếm (chạy kb build).";
        return;
      }
      runPage(root, meta);
    });
  }

  /* Starts as soon as the search block is parsed (its last element is there), not at the end of the page,
     which waits for the theme's script. */
  function ready(kb) {
    function parsed() { return document.querySelector("[data-kb-search] [data-search-more]"); }
    if (document.readyState !== "loading" || parsed()) {
      start(kb);
      return;
    }
    var watch = new MutationObserver(function () {
      if (parsed()) { watch.disconnect(); start(kb); }
    });
    watch.observe(document.documentElement, { childList: true, subtree: true });
    document.addEventListener("DOMContentLoaded", function () { watch.disconnect(); start(kb); });
  }
  /* kb-search.js may load before or after this script: whichever comes second starts the page */
  if (window.kbSearch) ready(window.kbSearch); else window.__kbSearchPage = ready;
})();
