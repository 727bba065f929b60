/*
 * Vietnamese search for the knowledge base of models and lessons.
 *
 * Reads the static index `kb build` writes (scripts/kb/generate/search/) under kb-search/:
 *   meta.json          document count, ranking, abbreviation table, filter labels
 *   t/<syllable>.json  per folded syllable: postings (f), marked forms (e), the syllables that follow it (p),
 *                      each list [gap, weight, ...] (document = previous + gap; e's 0: the syllable's only
 *                      form, whose list is f);
 *                      an abbreviation and its words
 *                      (THCS, trung học cơ sở) share one file, t/thcs.json
 *   f/<facet>/<value>.json  documents of one filter value, as gaps
 *   f.json             every filter list at once, to count results per value (fetched after the results)
 *   d/<n>.json         result details, a chunk of documents per file
 *   v/<letter>.json    syllables by first letter (completion while typing)
 * A file is named after its key, except names Windows reserves (con, nul...) and keys outside a-z, 0-9
 * (fileName). A query fetches a few small files. From disk (file://, the offline copy) fetch() is not
 * allowed: each .json file has a .js twin loaded with a <script> tag.
 *
 * Used by the /tim-kiem/ page (filters, state in ?q=...&tinh=... so it can be shared) and by the header box
 * of every page (results while typing). Results are built with textContent/createElement, never as HTML;
 * no inline code, eval or javascript: URLs, so it runs under Content-Security-Policy "script-src 'self'".
 *
 * Every ranking number comes from meta.json ("ranking", written by scripts/kb/generate/search/index.py):
 * none lives here. The pure part (no DOM) at the top is unit-tested with Node (tests/js/kb-search.test.mjs):
 * under Node the file exports only that part through module.exports.
 */
(function () {
  "use strict";

  /* ===================== Pure part: normalisation, scoring, snippets, addresses ===================== */

  var TONES = { "\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5 };
  var SNIPPET_LEAD = 80; /* characters kept before the best match of a snippet */
  var SNIPPET_LENGTH = 240;
  var WORD_CHAR = /[\p{L}\p{N}]/u;
  var WORD = /[\p{L}\p{N}\p{M}]+/gu;
  var DASHES = "-\u2010\u2011\u2012\u2013\u2014";
  var JOINERS = "./&'\u2019";
  var WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/;
  var PLAIN_NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;

  /* As kb.text.vietnamese.fold: no marks, đ (and the ð of old code pages) → d, lower case. */
  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đð]/g, "d");
  }

  /* As kb.text.vietnamese.syllable_key: letters (with circumflex, horn, breve) + tone digit; "hoà" = "hòa" = "hoa1". */
  function exactKey(syllable) {
    var tone = 0;
    var letters = syllable.normalize("NFC").toLowerCase().normalize("NFD").split("").filter(function (ch) {
      if (TONES[ch]) { tone = TONES[ch]; return false; }
      return true;
    }).join("").normalize("NFC");
    return tone ? letters + tone : letters;
  }

  /* As kb.generate.search.terms.parts_phrase: a comma, full stop, bracket or new line ends a phrase; spaces,
     dashes and joiners inside a code ("05-CT/TW", "TP.HCM") do not. */
  function partsPhrase(separator) {
    if (separator.indexOf("\n") >= 0) return true;
    var marks = separator.replace(/\s+/g, "");
    if (!marks || marks.split("").every(function (ch) { return DASHES.indexOf(ch) >= 0; })) return false;
    return marks !== separator || marks.split("").some(function (ch) { return JOINERS.indexOf(ch) < 0; });
  }

  /* The words of a text, each {word, start, end, joined}: joined = in the same phrase as the word before. */
  function wordSpans(text, maxLength) {
    var out = [], end = 0, broken = true, match;
    WORD.lastIndex = 0;
    while ((match = WORD.exec(text))) {
      var word = match[0];
      var joined = !broken && out.length > 0 && !partsPhrase(text.slice(end, match.index));
      end = match.index + word.length;
      if (maxLength && word.length > maxLength) { broken = true; continue; }
      broken = false;
      out.push({ word: word, start: match.index, end: end, joined: joined });
    }
    return out;
  }

  /* As kb.generate.search.terms.phrases: runs of words (lower case, NFC) that no punctuation parts. */
  function phrases(text, maxLength) {
    var out = [];
    wordSpans(text.normalize("NFC").toLowerCase(), maxLength).forEach(function (span) {
      if (!span.joined || !out.length) out.push([]);
      out[out.length - 1].push(span.word);
    });
    return out;
  }

  /* As kb.generate.search.terms.tokens: syllables, lower case, NFC; words longer than maxLength dropped. */
  function tokenize(text, maxLength) {
    return [].concat.apply([], phrases(text, maxLength));
  }

  function hasMarks(token) { return fold(token) !== token; }

  /* As kb.generate.search.terms.file_name: the file name of a term or a filter value. */
  function fileName(key) {
    if (PLAIN_NAME.test(key) && !WINDOWS_RESERVED.test(key)) return key;
    return "_" + Array.from(key).map(function (ch) { return ch.codePointAt(0).toString(36); }).join("-");
  }

  /*
   * A query, analysed: its words {text, typed, fold, key, marked, joined}, its adjacent pairs [i, i+1], and the
   * spans that are an abbreviation or the words it stands for (meta.abbreviations: [key, [forms...]]):
   * {from, to, key, forms}. "học sinh trung học cơ sở" → span 2–6, key "thcs". A kind of record (meta.kinds:
   * "mô hình", "kinh nghiệm"...) is a phrase of its own: "mô hình heo đất" asks for "mô hình" and "heo đất".
   */
  function analyse(query, meta) {
    var words = [];
    wordSpans(query.normalize("NFC"), meta && meta.max_term_length).forEach(function (span) {
      var word = span.word.toLowerCase();
      words.push({ text: word, typed: span.word, fold: fold(word), key: exactKey(word), marked: hasMarks(word),
                   joined: span.joined && words.length > 0 });
    });
    /* a kind of record named in the query ("mô hình heo đất") is a phrase of its own, not part of the next */
    var kindsOf = meta && meta.kinds ? Object.keys(meta.kinds).map(function (kind) {
      return fold(meta.kinds[kind]).split(" ");
    }) : [];
    kindsOf.forEach(function (label) {
      for (var at = 0; at + label.length <= words.length; at++) {
        var same = label.every(function (syllable, k) {
          return words[at + k].fold === syllable && (k === 0 || words[at + k].joined);
        });
        if (!same) continue;
        words[at].joined = false;
        if (at + label.length < words.length) words[at + label.length].joined = false;
      }
    });
    var pairs = [];
    for (var i = 1; i < words.length; i++) if (words[i].joined) pairs.push([i - 1, i]);
    var spans = [];
    var table = (meta && meta.abbreviations) || [];
    for (var at = 0; at < words.length;) {
      var best = null;
      table.forEach(function (entry) {
        entry[1].forEach(function (form) {
          if (best && form.length <= best.to - best.from) return;
          for (var k = 0; k < form.length; k++) {
            var w = words[at + k];
            if (!w || w.fold !== form[k] || (k > 0 && !w.joined)) return;
          }
          best = { from: at, to: at + form.length, key: entry[0], forms: entry[1] };
        });
      });
      if (best) { spans.push(best); at = best.to; } else at++;
    }
    return { words: words, pairs: pairs, spans: spans };
  }

  /* The t/ files a query needs: one per word, one per abbreviation span (unless its key is the word itself). */
  function shardKeys(query) {
    var keys = [];
    function add(key) { if (keys.indexOf(key) < 0) keys.push(key); }
    query.words.forEach(function (w) { add(w.fold); });
    query.spans.forEach(function (span) { add(span.key); });
    return keys;
  }

  /* [gap, weight, ...] → visit(document, weight) for each posting. */
  function eachPosting(list, visit) {
    var doc = 0;
    for (var i = 0; list && i + 1 < list.length; i += 2) {
      doc += list[i];
      visit(doc, list[i + 1]);
    }
  }

  /* [gap, ...] → document numbers. */
  function decodeGaps(gaps) {
    var docs = [], doc = 0;
    for (var i = 0; gaps && i < gaps.length; i++) {
      doc += gaps[i];
      docs.push(doc);
    }
    return docs;
  }

  function postingsMap(list, factor, into, exact) {
    eachPosting(list, function (doc, weight) {
      var found = into[doc] || (into[doc] = { weight: 0, exact: false });
      if (found.weight < weight * factor) found.weight = weight * factor;
      if (exact) found.exact = true;
    });
  }

  /*
   * Documents matching a word: {doc: {weight: weight × factor, exact: found as typed}}; factors from ranking.
   * extras: files of completions of the word being typed (ranking.prefix); abbreviation: the file of the
   * abbreviation span the word is in (ranking.abbreviation, counted as found as typed).
   */
  function matchesFor(word, data, extras, ranking, abbreviation) {
    var found = {};
    if (typeof word === "string") word = { text: word, fold: fold(word), key: exactKey(word), marked: hasMarks(word) };
    if (data) {
      if (word.marked) {
        var exact = data.e[word.key];
        postingsMap(data.f, ranking.folded, found);
        postingsMap(exact === 0 ? data.f : exact, ranking.exact, found, true); /* 0: the only form, list f */
      } else {
        postingsMap(data.f, ranking.unmarked, found, true);
      }
    }
    (extras || []).forEach(function (extra) { if (extra) postingsMap(extra.f, ranking.prefix, found, true); });
    if (abbreviation) postingsMap(abbreviation.f, ranking.abbreviation, found, true);
    return found;
  }

  /* Folded syllables that may complete the last word typed: at most ranking.prefix_terms, alphabetical. */
  function completions(token, vocabulary, ranking) {
    var key = fold(token);
    if (key.length < ranking.prefix_min_length || hasMarks(token)) return [];
    return (vocabulary || []).filter(function (term) {
      return term !== key && term.indexOf(key) === 0;
    }).slice(0, ranking.prefix_terms);
  }

  /*
   * Scores, given the t/ files: shards[key] = file (null when absent), prefixes = completion files.
   * score = Σ idf × weight × factor (ranking.exact, folded, unmarked, abbreviation, prefix)
   *       + Σ adjacent query words found side by side: ranking.phrase × idf × weight of the pair,
   * times (matched words / words)^ranking.coverage_power. Unsorted, per document: {doc, score, full: every
   * word matched, words: query pairs found side by side, exact: words typed with marks found as typed,
   * pairHits, exactHits, matchedWords}.
   */
  function score(query, shards, meta, prefixes) {
    if (Array.isArray(query)) query = analyse(query.join(" "), meta);
    var ranking = meta.ranking, total = meta.documents, words = query.words, last = words.length - 1;
    var byDoc = {};
    function entry(doc) {
      return byDoc[doc] || (byDoc[doc] = { doc: Number(doc), score: 0, matched: [], exactHits: [], pairHits: [] });
    }
    var spanOf = [];
    query.spans.forEach(function (span) {
      for (var k = span.from; k < span.to; k++) spanOf[k] = span;
    });
    var idfs = words.map(function (word, i) {
      var data = shards[word.fold], n = data ? data.n : 0;
      if (i === last) (prefixes || []).forEach(function (extra) { if (extra) n = Math.max(n, extra.n); });
      if (spanOf[i] && shards[spanOf[i].key]) n = Math.max(n, shards[spanOf[i].key].n);
      return Math.log(1 + total / Math.max(n, 1));
    });
    words.forEach(function (word, i) {
      var span = spanOf[i];
      var abbreviation = span ? shards[span.key] : null;
      if (abbreviation === shards[word.fold]) abbreviation = null; /* "THCS" typed: the word's own file */
      var found = matchesFor(word, shards[word.fold], i === last ? prefixes : [], ranking, abbreviation);
      Object.keys(found).forEach(function (doc) {
        var e = entry(doc);
        e.score += idfs[i] * found[doc].weight;
        e.matched[i] = true;
        if (word.marked && found[doc].exact) e.exactHits[i] = true;
      });
    });
    query.pairs.forEach(function (pair, p) {
      var left = words[pair[0]], right = words[pair[1]];
      var data = shards[left.fold];
      var side = {};
      eachPosting(data && data.p ? data.p[right.fold] : null, function (doc, weight) { side[doc] = weight; });
      var span = spanOf[pair[0]];
      if (span && span === spanOf[pair[1]] && shards[span.key]) {
        eachPosting(shards[span.key].f, function (doc, weight) { side[doc] = Math.max(side[doc] || 0, weight); });
      }
      Object.keys(side).forEach(function (doc) {
        var e = entry(doc);
        e.score += ranking.phrase * idfs[pair[0]] * side[doc];
        e.pairHits[p] = true;
      });
    });
    return Object.keys(byDoc).map(function (key) {
      var e = byDoc[key];
      var matched = e.matched.filter(Boolean).length;
      e.matchedWords = matched;
      e.full = matched === words.length;
      e.words = e.pairHits.filter(Boolean).length;
      e.exact = e.exactHits.filter(Boolean).length;
      e.score *= Math.pow(matched / words.length, ranking.coverage_power);
      delete e.matched;
      return e;
    });
  }

  /* Result order: by ranking.order (records before guides, every word, words side by side, marks, score). */
  function rank(results, ranking, meta) {
    var guidesFrom = meta ? meta.guides : Infinity;
    var keys = {
      records: function (r) { return r.doc < guidesFrom ? 1 : 0; },
      full: function (r) { return r.full ? 1 : 0; },
      words: function (r) { return r.words; },
      exact: function (r) { return r.exact; },
      score: function (r) { return r.score; }
    };
    var order = (ranking.order || []).map(function (name) { return keys[name]; }).filter(Boolean);
    return results.slice().sort(function (a, b) {
      for (var i = 0; i < order.length; i++) {
        var d = order[i](b) - order[i](a);
        if (d) return d;
      }
      return a.doc - b.doc;
    });
  }

  /*
   * What to tell the reader: full = results with every word; whole = of those, the ones with the words side
   * by side and marked as typed; partial = results with some words; the phrases and marked words no result
   * has as typed.
   */
  function summarise(results, query) {
    var full = 0, whole = 0, pairCount = query.pairs.length;
    var marked = query.words.filter(function (w) { return w.marked; }).length;
    var exactSeen = [];
    results.forEach(function (r) {
      if (r.full) full++;
      if (r.full && r.words === pairCount && r.exact === marked) whole++;
      (r.exactHits || []).forEach(function (hit, i) { if (hit) exactSeen[i] = true; });
    });
    var phrasesOf = [];
    query.words.forEach(function (w, i) {
      if (!w.joined || !phrasesOf.length) phrasesOf.push({ from: i, to: i + 1 });
      else phrasesOf[phrasesOf.length - 1].to = i + 1;
    });
    var absentPhrases = phrasesOf.filter(function (ph) {
      if (ph.to - ph.from < 2) return false;
      return !results.some(function (r) {
        for (var p = 0; p < query.pairs.length; p++) {
          var pair = query.pairs[p];
          if (pair[0] >= ph.from && pair[1] < ph.to && !(r.pairHits || [])[p]) return false;
        }
        return true;
      });
    }).map(function (ph) {
      return query.words.slice(ph.from, ph.to).map(function (w) { return w.typed || w.text; }).join(" ");
    });
    var absentExact = query.words.filter(function (w, i) { return w.marked && !exactSeen[i]; })
      .map(function (w) { return w.typed || w.text; });
    return { full: full, whole: whole, partial: results.length - full, pairs: pairCount, marked: marked,
             absentPhrases: absentPhrases, absentExact: absentExact };
  }

  /* A document's group: a record (default) or a guide page (its own tab, kind meta.guide_kind). */
  function isGuide(doc, meta) { return doc >= meta.guides; }

  function wantsGuides(filters, meta) {
    return (filters.kind || []).indexOf(meta.guide_kind) >= 0;
  }

  /* Results of the group shown: no kind filter → records only; a kind filter → as it says. */
  function inGroup(results, filters, meta) {
    if ((filters.kind || []).length) return results;
    return results.filter(function (r) { return !isGuide(r.doc, meta); });
  }

  /* An analysed query, from a list of words (tests) or itself. */
  function asQuery(query) {
    if (query && query.words) return query;
    return analyse((query || []).join(" "), null);
  }

  /*
   * Where the query matches text: [[start, end, words], ...] in order. A word typed with marks is marked as
   * typed where the text has that form, its folded forms only where it does not. An abbreviation: both its
   * letters and its words. Marked words side by side in one phrase make one range ("heo đất"). prefix: the
   * last word is being typed; words starting with it match.
   */
  function matchRanges(text, query, prefix) {
    query = asQuery(query);
    var spans = wordSpans(text);
    spans.forEach(function (s) { s.fold = fold(s.word); s.key = exactKey(s.word); });
    var marked = spans.map(function () { return false; });
    query.words.forEach(function (w, i) {
      var folded = [], exact = [];
      spans.forEach(function (s, k) {
        var same = s.fold === w.fold || (prefix && i === query.words.length - 1 && s.fold.indexOf(w.fold) === 0);
        if (same) { folded.push(k); if (s.key === w.key) exact.push(k); }
      });
      (w.marked && exact.length ? exact : folded).forEach(function (k) { marked[k] = true; });
    });
    query.spans.forEach(function (span) {
      span.forms.forEach(function (form) {
        for (var k = 0; k + form.length <= spans.length; k++) {
          var ok = true;
          for (var j = 0; j < form.length && ok; j++) {
            ok = spans[k + j].fold === form[j] && (j === 0 || spans[k + j].joined);
          }
          if (ok) for (j = 0; j < form.length; j++) marked[k + j] = true;
        }
      });
    });
    var ranges = [];
    spans.forEach(function (s, k) {
      if (!marked[k]) return;
      var last = ranges[ranges.length - 1];
      if (last && marked[k - 1] && s.joined) { last[1] = s.end; last[2]++; }
      else ranges.push([s.start, s.end, 1]);
    });
    return ranges;
  }

  /*
   * A snippet around the longest match (a phrase before a lone word): [{text, mark}]. Never cuts a word;
   * "… " before and " …" after a cut. Text only: the caller builds the DOM with textContent.
   */
  function snippetParts(text, query, length, prefix) {
    length = length || SNIPPET_LENGTH;
    var ranges = matchRanges(text, query, prefix);
    var best = null;
    ranges.forEach(function (range) { if (!best || range[2] > best[2]) best = range; });
    var from = best ? Math.max(0, best[0] - Math.min(SNIPPET_LEAD, Math.floor(length / 3))) : 0;
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
    if (to < text.length && !/…$/.test(tail)) parts.push({ text: " …", mark: false });
    return parts;
  }

  /*
   * Search one index: load(path under kb-search/) → Promise<file | null>, cached by the caller. The
   * browser passes fetch() (or <script> tags from disk); the Node tests pass a file reader.
   */
  function engine(load) {
    function loadMeta() { return load("meta.json"); }
    function shard(key) { return load("t/" + fileName(key) + ".json"); }

    /* Fetch each word's file as soon as the query is known, alongside meta.json (names need no meta). */
    function prefetch(text) {
      tokenize(text).forEach(function (word) { shard(fold(word)); });
    }

    function prefixShards(word, ranking) {
      if (word.fold.length < ranking.prefix_min_length || word.marked) return Promise.resolve([]);
      return load("v/" + fileName(word.fold[0]) + ".json").then(function (vocabulary) {
        return Promise.all(completions(word.text, vocabulary, ranking).map(shard));
      });
    }

    /* Every document matching a query, records and guides, ranked: Promise<{query, results}>. */
    function candidates(text, options) {
      options = options || {};
      return loadMeta().then(function (meta) {
        var query = analyse(text, meta);
        if (!meta || !query.words.length) return { query: query, results: [] };
        var keys = shardKeys(query);
        var last = query.words[query.words.length - 1];
        return Promise.all([Promise.all(keys.map(shard)),
                            options.prefix ? prefixShards(last, meta.ranking) : Promise.resolve([])])
          .then(function (loaded) {
            var shards = {};
            keys.forEach(function (key, i) { shards[key] = loaded[0][i]; });
            return { query: query, results: rank(score(query, shards, meta, loaded[1]), meta.ranking, meta) };
          });
      });
    }

    function facetList(name, value) {
      return load("f/" + name + "/" + fileName(value) + ".json").then(decodeGaps);
    }

    /* Documents the filters let through: {doc: true}, or null when nothing is filtered. */
    function loadFilters(filters) {
      var names = Object.keys(filters).filter(function (name) { return (filters[name] || []).length; });
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

    /* What remains of candidates() after the filters (allowed) and the group shown. No words: every
       document the filters let through, in document order. */
    function narrow(meta, allowed, results, query, filters) {
      if (!meta) return [];
      if (!query.words.length) {
        if (!allowed) return [];
        results = Object.keys(allowed).map(Number).sort(function (a, b) { return a - b; })
          .map(function (doc) { return { doc: doc, score: 0, full: true, words: 0, exact: 0 }; });
      } else if (allowed) {
        results = results.filter(function (r) { return allowed[r.doc]; });
      }
      return inGroup(results, filters, meta);
    }

    /* find("lam theo", {province: ["tra-vinh"]}, {prefix: true}) → Promise<{meta, query, all, results}>: all =
       every result of the query (guides too, before filters), results = what the filters and group keep. */
    function find(text, filters, options) {
      filters = filters || {};
      return Promise.all([loadMeta(), loadFilters(filters), candidates(text, options)]).then(function (loaded) {
        var found = loaded[2];
        return { meta: loaded[0], query: found.query, all: found.results,
                 results: narrow(loaded[0], loaded[1], found.results, found.query, filters) };
      });
    }

    function details(docs) {
      return loadMeta().then(function (meta) {
        var size = meta.chunk;
        return Promise.all(docs.map(function (doc) {
          return load("d/" + Math.floor(doc / size) + ".json").then(function (chunk) {
            return chunk ? chunk[doc % size] : null;
          });
        }));
      });
    }

    /* Every filter list (f.json), to count results per value: {name: {value: [documents...]}}. */
    function facetLists() {
      return load("f.json").then(function (all) {
        var lists = {};
        Object.keys(all || {}).forEach(function (name) {
          lists[name] = {};
          Object.keys(all[name]).forEach(function (value) { lists[name][value] = decodeGaps(all[name][value]); });
        });
        return lists;
      });
    }

    return { loadMeta: loadMeta, prefetch: prefetch, candidates: candidates, loadFilters: loadFilters,
             narrow: narrow, find: find, details: details, facetLists: facetLists,
             search: function (text, filters, options) {
               return find(text, filters, options).then(function (found) { return found.results; });
             } };
  }

  var core = {
    fold: fold, exactKey: exactKey, tokenize: tokenize, phrases: phrases, partsPhrase: partsPhrase,
    fileName: fileName, analyse: analyse, shardKeys: shardKeys, hasMarks: hasMarks, eachPosting: eachPosting,
    decodeGaps: decodeGaps, matchesFor: matchesFor, completions: completions, score: score, rank: rank,
    summarise: summarise, inGroup: inGroup, wantsGuides: wantsGuides, matchRanges: matchRanges,
    snippetParts: snippetParts, engine: engine
  };
  if (typeof module === "object" && module.exports) {
    module.exports = core; /* Node (unit tests): the pure part only */
    return;
  }

  /* ===================== Browser part: load the index, show results ===================== */

  var HEADER_RESULTS = 8;

  var script = document.currentScript;
  var base = script ? script.src.replace(/assets\/kb-search\.js.*$/, "") : "/";
  var fromDisk = window.location.protocol === "file:";
  var cache = {};
  var registered = {};

  /* The .js twin of an index file calls this with its path and its data. */
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

  var index = engine(fetchJson);
  var loadMeta = index.loadMeta, details = index.details;

  /* A page's address: the index writes directory URLs ("don-vi/cau-ngang/"); the offline copy uses .html files. */
  function pageUrl(url) {
    var meta = document.querySelector('meta[name="kb:directory-urls"]');
    if (meta && meta.content === "false") url = url.replace(/\/(#|$)/, ".html$1");
    return base + url;
  }

  function searchPageUrl(query) {
    return pageUrl("tim-kiem/") + (query ? "?q=" + encodeURIComponent(query) : "");
  }

  /* A snippet into an element: text and <mark>, built with the DOM. */
  function snippet(text, query, element, length, prefix) {
    snippetParts(text, query, length, prefix).forEach(function (part) {
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

  /* One result in the header box, in Material's markup (md-search-result__*). */
  function headerItem(item, query, kinds) {
    var li = element("li", "md-search-result__item");
    var link = element("a", "md-search-result__link");
    link.href = pageUrl(item.u);
    link.tabIndex = -1;
    var article = element("article", "md-search-result__article md-typeset");
    var title = element("h1");
    snippet(item.t, query, title, 400, true);
    article.appendChild(title);
    article.appendChild(element("p", "kb-result__where", [kinds[item.k] || item.k, where(item)].filter(Boolean).join(" · ")));
    if (item.x) {
      var text = element("p");
      snippet(item.x, query, text, 160, true);
      article.appendChild(text);
    }
    link.appendChild(article);
    li.appendChild(link);
    return li;
  }

  function number(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, "."); }

  /* Header box: results (records only) while typing; Enter opens the full search page. */
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

    function show(text) {
      var mine = ++generation;
      index.find(text, {}, { prefix: true }).then(function (found) {
        var meta = found.meta, results = found.results, query = found.query;
        if (!query.words.length) {
          if (mine === generation) { list.textContent = ""; status.textContent = idle; }
          return;
        }
        return details(results.slice(0, HEADER_RESULTS).map(function (r) { return r.doc; })).then(function (items) {
          if (mine !== generation) return;
          list.textContent = "";
          status.textContent = "";
          var summary = summarise(results, query);
          var all = element("a", "", results.length ? "Xem tất cả, lọc theo tỉnh, lĩnh vực, năm…" :
            "Tìm trong trang hướng dẫn");
          all.href = searchPageUrl(text) + (results.length ? "" : "&loai=" + encodeURIComponent(meta.guide_kind));
          var said;
          if (!results.length) said = "Không tìm thấy hồ sơ nào. ";
          else if (summary.full) said = number(summary.full) + " kết quả có đủ các từ" +
            (summary.partial ? ", " + number(summary.partial) + " có một phần" : "") + ". ";
          else said = "Không kết quả nào có đủ các từ; " + number(summary.partial) + " có một phần. ";
          status.appendChild(document.createTextNode(said));
          status.appendChild(all);
          items.forEach(function (item) { if (item) list.appendChild(headerItem(item, query, meta.kinds)); });
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
    search: index.search, find: index.find, candidates: index.candidates, details: details,
    facetLists: index.facetLists, loadMeta: loadMeta, load: fetchJson, fold: fold, exactKey: exactKey,
    tokenize: tokenize, phrases: phrases, fileName: fileName, core: core,
    ui: { element: element, snippet: snippet, where: where, number: number, pageUrl: pageUrl }
  };

  /* The search page (<meta name="kb:search-page">; this script runs from <head>, before the page is parsed):
     fetch meta.json and each word's file of ?q=... now, and the page's own script alongside
     (kb-search-page.js: the other pages never load it). */
  if (document.querySelector('meta[name="kb:search-page"]')) {
    var early = new URLSearchParams(window.location.search).get("q");
    loadMeta();
    if (early) index.prefetch(early);
    var pageScript = document.createElement("script");
    pageScript.src = base + "assets/kb-search-page.js";
    pageScript.async = true;
    document.head.appendChild(pageScript);
  }

  function start() {
    var header = document.querySelector("[data-kb-header-search]");
    if (header && !header.hasAttribute("data-kb-ready")) {
      header.setAttribute("data-kb-ready", "");
      runHeader(header);
    }
  }
  /* the search page's own script (kb-search-page.js, loaded on /tim-kiem/ only) waits for this one */
  if (window.__kbSearchPage) window.__kbSearchPage(window.kbSearch);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
