/*
 * Tìm kiếm tiếng Việt cho cơ sở dữ liệu điển hình, kinh nghiệm.
 *
 * Đọc chỉ mục tĩnh do `kb build` sinh ra (scripts/kb/generate/search/) trong kb-search/:
 *   meta.json            số tài liệu, cách xếp hạng, bảng chữ viết tắt, nhãn bộ lọc
 *   t/<âm tiết>.json     mỗi âm tiết bỏ dấu: bài đăng (f), dạng có dấu (e), cặp âm tiết liền nhau (p),
 *                        mỗi danh sách ghi [khoảng cách, trọng số, …]: số tài liệu = số trước + khoảng cách;
 *                        chữ viết tắt và các chữ nó thay (THCS, trung học cơ sở) chung một tệp t/thcs.json
 *   f/<bộ lọc>/<giá trị>.json  danh sách tài liệu của một giá trị lọc, ghi bằng khoảng cách
 *   f.json               mọi danh sách lọc một lần, để đếm số kết quả của từng giá trị (tải sau kết quả đầu)
 *   d/<n>.json           chi tiết tài liệu, 64 tài liệu một tệp
 *   v/<chữ cái>.json     danh sách âm tiết (tìm theo tiền tố khi đang gõ)
 * Tên tệp là chính âm tiết, trừ những tên Windows không cho tạo (con, nul…) và chữ ngoài a–z, 0–9 (fileName).
 * Mỗi truy vấn chỉ tải vài tệp nhỏ. Khi trang được mở thẳng từ ổ đĩa (file://, bản ngoại tuyến),
 * trình duyệt không cho fetch(): mỗi tệp .json có một bản .js đi kèm, nạp bằng thẻ <script>.
 *
 * Hai nơi dùng: trang /tim-kiem/ (bộ lọc, đọc ?q=…&tinh=… từ địa chỉ để chia sẻ được) và ô tìm kiếm ở
 * đầu mọi trang (kết quả hiện ngay khi gõ). Kết quả được dựng bằng textContent/createElement: dữ liệu hồ
 * sơ không bao giờ được chèn dưới dạng HTML; không có mã nội tuyến, eval hay địa chỉ javascript:, nên
 * chạy được dưới Content-Security-Policy "script-src 'self'".
 *
 * Mọi con số dùng để xếp hạng đọc từ meta.json ("ranking"), do scripts/kb/generate/search/index.py ghi: tệp
 * này không có trọng số riêng. Phần thuần (không đụng DOM) ở đầu tệp được kiểm thử bằng Node
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
  var WORD = /[\p{L}\p{N}\p{M}]+/gu;
  var DASHES = "-\u2010\u2011\u2012\u2013\u2014";
  var JOINERS = "./&'\u2019";
  var WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/;
  var PLAIN_NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;

  /* Giống kb.text.vietnamese.fold: bỏ mọi dấu, đ (và ð của các bảng mã cũ) → d, chữ thường. */
  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đð]/g, "d");
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

  /* Giống kb.generate.search.terms.parts_phrase: dấu phẩy, chấm câu, ngoặc, xuống dòng ngắt cụm; khoảng
     trắng, gạch nối và dấu nối trong mã ("05-CT/TW", "TP.HCM") thì không. */
  function partsPhrase(separator) {
    if (separator.indexOf("\n") >= 0) return true;
    var marks = separator.replace(/\s+/g, "");
    if (!marks || marks.split("").every(function (ch) { return DASHES.indexOf(ch) >= 0; })) return false;
    return marks !== separator || marks.split("").some(function (ch) { return JOINERS.indexOf(ch) < 0; });
  }

  /* Các chữ của một đoạn văn, mỗi chữ {word, start, end, joined}: joined = cùng cụm với chữ trước. */
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

  /* Giống kb.generate.search.terms.phrases: các cụm chữ (chữ thường, NFC) không bị dấu câu ngắt. */
  function phrases(text, maxLength) {
    var out = [];
    wordSpans(text.normalize("NFC").toLowerCase(), maxLength).forEach(function (span) {
      if (!span.joined || !out.length) out.push([]);
      out[out.length - 1].push(span.word);
    });
    return out;
  }

  /* Giống kb.generate.search.terms.tokens: các âm tiết, chữ thường, NFC; bỏ chuỗi dài hơn maxLength. */
  function tokenize(text, maxLength) {
    return [].concat.apply([], phrases(text, maxLength));
  }

  function hasMarks(token) { return fold(token) !== token; }

  /* Giống kb.generate.search.terms.file_name: tên tệp của một âm tiết hay giá trị lọc. */
  function fileName(key) {
    if (PLAIN_NAME.test(key) && !WINDOWS_RESERVED.test(key)) return key;
    return "_" + Array.from(key).map(function (ch) { return ch.codePointAt(0).toString(36); }).join("-");
  }

  /*
   * Phân tích truy vấn: các chữ {text, fold, key, marked, joined} (joined: đi liền chữ trước, cùng cụm),
   * các cặp chữ liền nhau [i, i+1], và các đoạn là chữ viết tắt hay các chữ nó thay (meta.abbreviations:
   * [khoá, [dạng viết…]]): {from, to, key, forms}. "học sinh trung học cơ sở" → đoạn 2–6, khoá "thcs".
   */
  function analyse(query, meta) {
    var words = [];
    wordSpans(query.normalize("NFC"), meta && meta.max_term_length).forEach(function (span) {
      var word = span.word.toLowerCase();
      words.push({ text: word, typed: span.word, fold: fold(word), key: exactKey(word), marked: hasMarks(word),
                   joined: span.joined && words.length > 0 });
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

  /* Các tệp t/… một truy vấn cần: một cho mỗi chữ, một cho mỗi đoạn viết tắt (khi khoá không phải chính chữ đó). */
  function shardKeys(query) {
    var keys = [];
    function add(key) { if (keys.indexOf(key) < 0) keys.push(key); }
    query.words.forEach(function (w) { add(w.fold); });
    query.spans.forEach(function (span) { add(span.key); });
    return keys;
  }

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

  function postingsMap(list, factor, into, exact) {
    eachPosting(list, function (doc, weight) {
      var found = into[doc] || (into[doc] = { weight: 0, exact: false });
      if (found.weight < weight * factor) found.weight = weight * factor;
      if (exact) found.exact = true;
    });
  }

  /*
   * Tài liệu khớp một chữ: {doc: {weight: trọng số × hệ số, exact: đúng dấu đã gõ}}; hệ số lấy từ ranking.
   * extras: tệp của các âm tiết đoán tiếp khi đang gõ (ranking.prefix); abbreviation: tệp của chữ viết tắt
   * mà chữ này nằm trong (ranking.abbreviation, tính như đúng dấu).
   */
  function matchesFor(word, data, extras, ranking, abbreviation) {
    var found = {};
    if (typeof word === "string") word = { text: word, fold: fold(word), key: exactKey(word), marked: hasMarks(word) };
    if (data) {
      if (word.marked) {
        postingsMap(data.f, ranking.folded, found);
        postingsMap(data.e[word.key], ranking.exact, found, true);
      } else {
        postingsMap(data.f, ranking.unmarked, found, true);
      }
    }
    (extras || []).forEach(function (extra) { if (extra) postingsMap(extra.f, ranking.prefix, found, true); });
    if (abbreviation) postingsMap(abbreviation.f, ranking.abbreviation, found, true);
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
   * Chấm điểm khi đã có các tệp t/…: shards[khoá] = nội dung tệp (null khi không có), prefixes = các tệp
   * đoán tiếp chữ cuối. Điểm = Σ idf × trọng số × hệ số (ranking.exact, folded, unmarked, abbreviation, prefix)
   *      + Σ cặp chữ liền nhau: ranking.phrase × idf × trọng số của cặp,
   * nhân (số chữ khớp / số chữ)^ranking.coverage_power. Trả về, chưa sắp xếp, mỗi tài liệu:
   * {doc, score, full: khớp đủ mọi chữ, words: số cặp chữ liền nhau tìm thấy liền nhau, exact: số chữ gõ có
   *  dấu tìm thấy đúng dấu, pairHits, exactHits, matchedWords}.
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
      if (abbreviation === shards[word.fold]) abbreviation = null; /* "THCS" gõ tắt: chính tệp của chữ */
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
      eachPosting(data && data.p ? data.p[right.fold] : null, function (doc, weight) {
        var e = entry(doc);
        e.score += ranking.phrase * idfs[pair[0]] * weight;
        e.pairHits[p] = true;
      });
      var span = spanOf[pair[0]];
      if (span && span === spanOf[pair[1]] && shards[span.key]) {
        eachPosting(shards[span.key].f, function (doc, weight) {
          var e = entry(doc);
          if (!e.pairHits[p]) e.score += ranking.phrase * idfs[pair[0]] * weight;
          e.pairHits[p] = true;
        });
      }
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

  /* Thứ tự kết quả: theo ranking.order (hồ sơ trước trang hướng dẫn, khớp đủ chữ, cụm từ, đúng dấu, điểm). */
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
   * Tóm tắt để nói với người đọc: full = số kết quả khớp đủ mọi chữ; whole = trong đó, số có các chữ đi liền
   * nhau và đúng dấu như đã gõ; partial = số chỉ khớp một phần; các cụm từ, các chữ gõ có dấu mà không kết quả
   * nào có đúng như thế.
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

  /* Một truy vấn đã phân tích, từ danh sách chữ (kiểm thử, mã cũ) hay từ chính nó. */
  function asQuery(query) {
    if (query && query.words) return query;
    return analyse((query || []).join(" "), null);
  }

  /*
   * Chỗ khớp của truy vấn trong text: [[đầu, cuối], ...], theo thứ tự. Chữ gõ có dấu: tô đúng dạng đó nếu
   * text có, chỉ khi không có mới tô các dạng cùng cách bỏ dấu. Chữ viết tắt: tô cả dạng viết tắt lẫn các chữ
   * nó thay. Các chữ được tô đứng liền nhau trong một cụm gộp thành một chỗ ("heo đất"). prefix: chữ cuối
   * đang gõ dở, tô các chữ bắt đầu bằng nó.
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
   * Đoạn trích quanh chỗ khớp dài nhất (cụm từ trước chữ rời): [{text, mark}], mark = đoạn khớp (được tô).
   * Không cắt giữa chữ; "… " ở đầu, " …" ở cuối khi có cắt. Chỉ là văn bản: nơi gọi dựng DOM bằng textContent.
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

  /*
   * Tìm trên một chỉ mục: load(đường dẫn trong kb-search/) → Promise<nội dung tệp | null>, có bộ nhớ đệm của
   * nơi gọi. Trình duyệt đưa vào fetch() (hay thẻ <script> khi mở từ ổ đĩa); kiểm thử Node đưa vào đọc tệp.
   */
  function engine(load) {
    function loadMeta() { return load("meta.json"); }
    function shard(key) { return load("t/" + fileName(key) + ".json"); }

    /* Tải sẵn tệp của từng chữ khi mới biết truy vấn, cùng lúc với meta.json (tên tệp không cần meta). */
    function prefetch(text) {
      tokenize(text).forEach(function (word) { shard(fold(word)); });
    }

    function prefixShards(word, ranking) {
      if (word.fold.length < ranking.prefix_min_length || word.marked) return Promise.resolve([]);
      return load("v/" + fileName(word.fold[0]) + ".json").then(function (vocabulary) {
        return Promise.all(completions(word.text, vocabulary, ranking).map(shard));
      });
    }

    /* Mọi tài liệu khớp truy vấn, cả hồ sơ và trang hướng dẫn, đã xếp hạng: Promise<{query, results}>. */
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

    /* Tài liệu được các bộ lọc cho qua: {doc: true}, hoặc null khi không lọc gì. */
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

    /* Kết quả của candidates() còn lại sau bộ lọc (allowed) và nhóm đang xem. Không có từ tìm: mọi tài liệu
       bộ lọc cho qua, theo thứ tự tài liệu. */
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
       mọi kết quả của truy vấn (cả trang hướng dẫn, trước bộ lọc), results = phần bộ lọc và nhóm đang xem giữ. */
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

    /* Mọi danh sách lọc (f.json), để đếm số kết quả của từng giá trị: {tên: {giá trị: [tài liệu…]}}. */
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
    snippetParts: snippetParts, readState: readState, stateQuery: stateQuery, facetCounts: facetCounts,
    engine: engine
  };
  if (typeof module === "object" && module.exports) {
    module.exports = core; /* Node (kiểm thử đơn vị): chỉ phần thuần */
    return;
  }

  /* ===================== Phần trình duyệt: tải chỉ mục, dựng kết quả ===================== */

  var PAGE = 20;
  var HEADER_RESULTS = 8;
  var WIDE = "(min-width: 60em)"; /* màn hình rộng: bộ lọc mở sẵn; điện thoại: bộ lọc gập, kết quả lên trước */

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

  var index = engine(fetchJson);
  var loadMeta = index.loadMeta, details = index.details;

  /* Địa chỉ một trang: chỉ mục ghi kiểu thư mục ("don-vi/cau-ngang/"); bản ngoại tuyến dùng tệp .html. */
  function pageUrl(url) {
    var meta = document.querySelector('meta[name="kb:directory-urls"]');
    if (meta && meta.content === "false") url = url.replace(/\/(#|$)/, ".html$1");
    return base + url;
  }

  function searchPageUrl(query) {
    return pageUrl("tim-kiem/") + (query ? "?q=" + encodeURIComponent(query) : "");
  }

  /* Đoạn trích vào element: văn bản thường và <mark>, dựng bằng DOM. */
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

  /* Một kết quả trên trang tìm kiếm. */
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

  /* Một kết quả trong ô tìm kiếm đầu trang, theo khuôn của Material (md-search-result__*). */
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

  function quoted(list) {
    return list.map(function (text) { return "“" + text + "”"; }).join(", ");
  }

  /*
   * Lời nói với người đọc về một lần tìm: bao nhiêu kết quả có đúng cụm từ đã gõ, bao nhiêu có đủ các chữ nhưng
   * rời nhau, bao nhiêu chỉ có một phần (ở sau đường kẻ); cụm từ, chữ đúng dấu nào không có ở hồ sơ nào.
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

  /* Trang /tim-kiem/: truy vấn, thẻ (hồ sơ / trang hướng dẫn) và bộ lọc đọc từ địa chỉ, ghi lại khi đổi. */
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
    var facetNames = meta.filters.map(function (f) { return f.name; }).filter(function (name) {
      return Object.keys(meta.facets[name] || {}).length;
    });
    if (panel.tagName === "DETAILS" && window.matchMedia && window.matchMedia(WIDE).matches) panel.open = true;

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

    function chosenCount() {
      return facetNames.filter(function (name) {
        return state.filters[name].some(function (v) { return !(name === "kind" && v === meta.guide_kind); });
      }).length;
    }

    function hasFilters() { return chosenCount() > 0; }

    function addressOf(next) { return window.location.pathname + stateQuery(next, meta.filters); }

    function option(name, value, counts, chosen) {
      var count = counts[name] ? counts[name][value] || 0 : 0;
      if (counts[name] && !count && value !== chosen) return null;
      var text = meta.facets[name][value] + (counts[name] ? " (" + number(count) + ")" : "");
      var node = element("option", "", text);
      node.value = value;
      if (value === chosen) node.selected = true;
      return node;
    }

    /* Các tuỳ chọn của mỗi bộ lọc: chỉ giá trị có kết quả (và giá trị đang chọn), kèm số kết quả; khi chưa
       có số đếm (bộ lọc còn gập, f.json chưa tải) thì mọi giá trị, không số. Tỉnh: tỉnh hiện nay trước, tỉnh
       cũ sau, mỗi nhóm một <optgroup>. */
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
        var groups = (meta.groups || {})[name];
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
      clear.hidden = guides || !hasFilters();
      clear.href = addressOf({ q: state.q, filters: {} });
      if (summaryLabel) {
        var n = chosenCount();
        summaryLabel.textContent = "Bộ lọc" + (n ? " (" + n + " đang chọn)" : "");
      }
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

    /*
     * Số kết quả của mỗi giá trị lọc: trước khi tìm thì lấy sẵn trong meta.json; sau đó đếm trên kết quả, với
     * mọi danh sách lọc trong một tệp (f.json), chỉ tải khi bộ lọc đang mở và sau khi kết quả đầu đã hiện.
     */
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
      if (panel.tagName === "DETAILS" && !panel.open) { fillFilters({}); return Promise.resolve(); }
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
    }

    /* Đường kẻ trước kết quả đầu tiên chỉ có một phần các từ đã gõ. */
    function divider() {
      var li = element("li", "kb-search__divider");
      li.setAttribute("role", "separator");
      li.appendChild(element("span", "", "Các kết quả dưới đây chỉ có một phần các từ đã gõ."));
      return li;
    }

    function showMore(run) {
      var slice = current.slice(shown, shown + PAGE);
      return details(slice.map(function (r) { return r.doc; })).then(function (items) {
        if (run !== generation) return;
        items.forEach(function (item, i) {
          var position = shown + i;
          if (query.words.length && position > 0 && !current[position].full && current[position - 1].full) {
            list.appendChild(divider());
          }
          if (item) list.appendChild(resultItem(item, query, meta.kinds));
        });
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
          if (mine === generation) return countFilters(lastFound, mine); /* chỉ sau khi kết quả đầu đã hiện */
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
    fillFilters({});
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
    search: index.search, find: index.find, candidates: index.candidates, details: details, fold: fold,
    exactKey: exactKey, tokenize: tokenize, phrases: phrases, fileName: fileName, core: core
  };

  /* Trang tìm kiếm mở với ?q=…: tải meta.json và tệp của từng chữ ngay, trước khi trang dựng xong. */
  var searchRoot = document.querySelector("[data-kb-search]");
  if (searchRoot) {
    var early = new URLSearchParams(window.location.search).get("q");
    loadMeta();
    if (early) index.prefetch(early);
  }

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
