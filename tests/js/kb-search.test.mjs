// Unit tests of the search client's pure functions (docs/assets/kb-search.js and kb-search-page.js), run with
// `node --test tests/js/`.
// The client is a plain browser script; here it is run as a function of `module`, in this realm, so that it
// exports its pure part without a bundler, whatever package.json says about module types.
// With KB_SEARCH_INDEX set to a built index (tests/generate/search/test_js.py builds the mini corpus's), the
// last tests run a reader's queries through the same engine the page uses.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import vm from "node:vm";

const root = new URL("../../", import.meta.url);
function pure(name) {
  const source = readFileSync(new URL("docs/assets/" + name, root), "utf8");
  const module = { exports: {} };
  new vm.Script("(function (module) {" + source + "\n})", { filename: name }).runInThisContext()(module);
  return module.exports;
}
const kb = { ...pure("kb-search.js"), ...pure("kb-search-page.js") };

// The ranking the Python side writes (golden meta.json of the mini site): the client has no numbers of its own.
const goldenMeta = JSON.parse(readFileSync(new URL("tests/golden/mini/kb-search/meta.json", root), "utf8"));
const RANKING = goldenMeta.ranking;
const nfd = (s) => s.normalize("NFD");

test("fold: no marks, đ → d, lower case, NFC or NFD alike", () => {
  assert.equal(kb.fold("Nuôi HEO ĐẤT"), "nuoi heo dat");
  assert.equal(kb.fold(nfd("người đứng đầu")), "nguoi dung dau");
  assert.equal(kb.fold("Đảng"), kb.fold("đa dạng".split(" ")[1]));
  assert.equal(kb.fold("ĂÂÊÔƠƯĐ"), "aaeooud");
  assert.equal(kb.fold("Lê Quý Ðôn"), "le quy don");  // the eth old code pages write for Đ
});

test("exactKey: tone placement old or new is one key, marks other than tone are kept", () => {
  for (const [a, b] of [["hoà", "hòa"], ["HOÀ", "hòa"], ["uỷ", "ủy"], ["khoẻ", "khỏe"], ["thuỷ", "thủy"]]) {
    assert.equal(kb.exactKey(a), kb.exactKey(b), `${a} / ${b}`);
  }
  assert.equal(kb.exactKey("hoà"), "hoa1");
  assert.equal(kb.exactKey(nfd("đất")), "đât4");
  assert.notEqual(kb.exactKey("đất"), kb.exactKey("đạt"));
  assert.equal(kb.exactKey("dat"), "dat");
});

test("tokenize: syllables in NFC, lower case, punctuation dropped, over-long words left out", () => {
  assert.deepEqual(kb.tokenize("Chỉ thị 05-CT/TW: “học tập, làm theo”!"), ["chỉ", "thị", "05", "ct", "tw", "học", "tập", "làm", "theo"]);
  assert.deepEqual(kb.tokenize(nfd("Quận uỷ Gò Vấp")), ["quận", "uỷ", "gò", "vấp"]);
  assert.deepEqual(kb.tokenize("a " + "x".repeat(41), goldenMeta.max_term_length), ["a"]);
  assert.deepEqual(kb.tokenize("   "), []);
});

test("phrases: punctuation and new lines part them, dashes and joiners inside codes do not", () => {
  assert.deepEqual(kb.phrases("bảo vệ môi trường. Học sinh"), [["bảo", "vệ", "môi", "trường"], ["học", "sinh"]]);
  assert.deepEqual(kb.phrases("Chỉ thị 05-CT/TW, TP.HCM"), [["chỉ", "thị", "05", "ct", "tw"], ["tp", "hcm"]]);
  assert.deepEqual(kb.phrases("Giáo dục – Đào tạo"), [["giáo", "dục", "đào", "tạo"]]);
  assert.deepEqual(kb.phrases("một\nhai"), [["một"], ["hai"]]);
  assert.equal(kb.partsPhrase(" "), false);
  assert.equal(kb.partsPhrase(", "), true);
  assert.equal(kb.partsPhrase("/"), false);
  assert.equal(kb.partsPhrase(" / "), true);
});

test("file names: the key itself, or its code points when Windows reserves it or it is not plain ASCII", () => {
  assert.equal(kb.fileName("heo"), "heo");
  assert.equal(kb.fileName("tra-vinh"), "tra-vinh");
  assert.equal(kb.fileName("con"), "_2r-33-32");
  assert.equal(kb.fileName("console"), "console");
  assert.match(kb.fileName("σ"), /^_[0-9a-z]+$/);
  assert.match(kb.fileName("com1"), /^_/);
});

test("postings and filters are decoded from gaps", () => {
  const seen = [];
  kb.eachPosting([3, 10, 4, 1, 5, 2], (doc, weight) => seen.push([doc, weight]));
  assert.deepEqual(seen, [[3, 10], [7, 1], [12, 2]]);
  assert.deepEqual(kb.decodeGaps([2, 3, 1, 34]), [2, 5, 6, 40]);
  assert.deepEqual(kb.decodeGaps(null), []);
});

// A tiny index by hand: term → {n, f: [gap, weight…], e: {exact key: postings}, p: {next term: postings}}.
function meta(ranking = RANKING, documents = 100, guides = 90) {
  return { documents, guides, guide_kind: "huong-dan", ranking, max_term_length: 40,
           abbreviations: goldenMeta.abbreviations };
}
function results(text, index, m = meta(), prefixes = []) {
  const query = kb.analyse(text, m);
  const shards = {};
  kb.shardKeys(query).forEach((key) => { shards[key] = index[key] || null; });
  return kb.rank(kb.score(query, shards, m, prefixes), m.ranking, m);
}
function run(text, index, m = meta()) {
  return results(text, index, m).map((r) => r.doc);
}
const without = (changes) => ({ ...RANKING, ...changes });
const withoutOrder = (name) => without({ order: RANKING.order.filter((key) => key !== name) });

// Query "a b": document 0 has the phrase once; document 1 has 'a' twice and 'b' once, never side by side.
const PHRASE = {
  a: { n: 2, f: [0, 1, 1, 2], e: {}, p: { b: [0, 1] } },
  b: { n: 2, f: [0, 1, 1, 1], e: {}, p: {} },
};
test("words first: adjacent syllables before scattered ones, however heavy the scattered ones", () => {
  assert.deepEqual(run("a b", PHRASE), [0, 1]);
  const heavy = { a: { ...PHRASE.a, f: [0, 1, 1, 20] }, b: { ...PHRASE.b, f: [0, 1, 1, 20] } };  // 1 has a, b in its title
  assert.deepEqual(run("a b", heavy), [0, 1]);
  assert.deepEqual(run("a b", heavy, meta(withoutOrder("words"))), [1, 0]);  // only the words rule does it
  assert.deepEqual(run("a, b", heavy), [1, 0]);  // typed apart: no pair is asked for
});

// Query "a b c": document 0 has all three once; document 1 has 'a' and 'b' in its title;
// document 2 has 'a' and 'b' once; document 3 has only 'a', in its title.
const COVERAGE = {
  a: { n: 4, f: [0, 1, 1, 10, 1, 1, 1, 10], e: {}, p: {} },
  b: { n: 3, f: [0, 1, 1, 10, 1, 1], e: {}, p: {} },
  c: { n: 1, f: [0, 1], e: {}, p: {} },
};
test("documents matching every word come first, and only the full-match rule does it", () => {
  const found = results("a b c", COVERAGE);
  assert.equal(found[0].doc, 0);
  assert.deepEqual(found.map((r) => r.full), [true, false, false, false]);
  assert.equal(run("a b c", COVERAGE, meta(withoutOrder("full")))[0], 1);
});
test("among partial matches, coverage³ puts more matched words before one heavy word", () => {
  const order = run("a b c", COVERAGE);
  assert.ok(order.indexOf(2) < order.indexOf(3), order);
  const flat = run("a b c", COVERAGE, meta(without({ coverage_power: 0 })));
  assert.ok(flat.indexOf(3) < flat.indexOf(2), flat);
});

test("exact first: a word typed with marks finds its own word before the words it folds to", () => {
  // 'đất' in document 0 (body, once); 'đạt' in document 1, in its title: both fold to 'dat'.
  const index = { dat: { n: 2, f: [0, 1, 1, 10], e: { "đât4": [0, 1], "đat5": [1, 10] }, p: {} } };
  assert.deepEqual(run("đất", index), [0, 1]);
  assert.deepEqual(run("đạt", index), [1, 0]);
  assert.deepEqual(run("đất", index, meta(withoutOrder("exact"))), [1, 0]);  // only the exact rule does it
  assert.deepEqual(run("dat", index), [1, 0]);  // typed without marks: every form is what the reader meant
  const only = { dat: { n: 2, f: [0, 1, 1, 10], e: { "đât4": 0 }, p: {} } };  // 0: the only form, list f
  assert.deepEqual(kb.matchesFor("đất", only.dat, [], RANKING)[1], { weight: 10 * RANKING.exact, exact: true });
  assert.deepEqual(kb.matchesFor("đạt", only.dat, [], RANKING)[1], { weight: 10 * RANKING.folded, exact: false });
  const found = kb.matchesFor("đất", index.dat, [], RANKING);
  assert.deepEqual(found[0], { weight: RANKING.exact, exact: true });
  assert.deepEqual(found[1], { weight: 10 * RANKING.folded, exact: false });
});

test("abbreviations both ways: the words find the abbreviation, the abbreviation the words", () => {
  // 'thcs' holds documents that write THCS (0) and those that write 'trung học cơ sở' (1, found also by syllables).
  const index = {
    thcs: { n: 2, f: [0, 10, 1, 10], e: {}, p: {} },
    trung: { n: 2, f: [1, 10, 1, 1], e: { trung: [1, 10, 1, 1] }, p: { hoc: [1, 10] } },
    hoc: { n: 3, f: [0, 1, 1, 10, 1, 1], e: { "hoc5": [0, 1, 1, 10, 1, 1] }, p: { co: [1, 10], sinh: [0, 1] } },
    co: { n: 2, f: [1, 10, 1, 1], e: { "cơ": [1, 10, 1, 1] }, p: { so: [1, 10] } },
    so: { n: 2, f: [1, 10, 1, 1], e: { "sơ2": [1, 10, 1, 1] }, p: {} },
    sinh: { n: 1, f: [0, 1], e: { sinh: [0, 1] }, p: {} },
  };
  const query = kb.analyse("học sinh trung học cơ sở", meta());
  assert.deepEqual(query.spans.map((s) => [s.from, s.to, s.key]), [[2, 6, "thcs"]]);
  assert.deepEqual(kb.shardKeys(query), ["hoc", "sinh", "trung", "co", "so", "thcs"]);
  const found = results("học sinh trung học cơ sở", index);
  const zero = found.find((r) => r.doc === 0);
  assert.ok(zero.full && zero.words === 4, JSON.stringify(zero));  // 'học sinh' and the three pairs of THCS
  assert.deepEqual(run("THCS", index), [0, 1]);
  assert.deepEqual(kb.analyse("CT/TW", meta()).spans.map((s) => s.key), ["cttw"]);
});

test("a kind of record named in a query is a phrase of its own", () => {
  const m = { ...meta(), kinds: goldenMeta.kinds };
  const pairsOf = (q) => kb.analyse(q, m).pairs.map(([i, j]) => kb.analyse(q, m).words[i].text + " " + kb.analyse(q, m).words[j].text);
  assert.deepEqual(pairsOf("mô hình heo đất"), ["mô hình", "heo đất"]);
  assert.deepEqual(pairsOf("heo đất kinh nghiệm"), ["heo đất", "kinh nghiệm"]);
  assert.deepEqual(pairsOf("mô hình"), ["mô hình"]);
});

test("completions of the last word: only longer syllables with that start, at most the prefix budget", () => {
  const vocabulary = Array.from({ length: 30 }, (_, i) => "kh" + String.fromCharCode(97 + (i % 26)) + i);
  assert.equal(kb.completions("kh", ["kh", ...vocabulary], RANKING).length, RANKING.prefix_terms);
  assert.deepEqual(kb.completions("khu", ["khu", "khuyen", "khuon", "kho"], RANKING), ["khuyen", "khuon"]);
  assert.deepEqual(kb.completions("k", ["khuyen"], RANKING), []);  // shorter than prefix_min_length
  assert.deepEqual(kb.completions("khú", ["khuc"], RANKING), []);  // typed with marks: no completion
  const index = { khuyen: { n: 1, f: [4, 10], e: {}, p: {} } };
  assert.deepEqual(kb.matchesFor("khu", null, [index.khuyen], RANKING)[4].weight, 10 * RANKING.prefix);
});

test("records come before guide pages, which their own tab alone shows", () => {
  const index = { a: { n: 2, f: [5, 1, 90, 10], e: {}, p: {} } };
  const m = meta();
  const found = results("a", index, m);
  assert.deepEqual(found.map((r) => r.doc), [5, 95]);
  assert.deepEqual(kb.rank(found, withoutOrder("records"), m).map((r) => r.doc), [95, 5]);
  assert.deepEqual(kb.inGroup(found, {}, m).map((r) => r.doc), [5]);
  assert.deepEqual(kb.inGroup(found, { kind: ["huong-dan"] }, m).map((r) => r.doc), [5, 95]);
  assert.equal(kb.wantsGuides({ kind: ["huong-dan"] }, m), true);
  assert.equal(kb.wantsGuides({ kind: [] }, m), false);
});

test("the summary says how many have every word, the phrase, and what is nowhere", () => {
  const sum = kb.summarise(results("a b c", COVERAGE), kb.analyse("a b c", meta()));
  assert.deepEqual([sum.full, sum.whole, sum.partial, sum.pairs], [1, 0, 3, 2]);
  assert.deepEqual(sum.absentPhrases, ["a b c"]);  // no document has the three side by side
  const phrase = kb.summarise(results("a b", PHRASE), kb.analyse("a b", meta()));
  assert.deepEqual([phrase.full, phrase.whole, phrase.absentPhrases], [2, 1, []]);
  const index = { dat: { n: 1, f: [0, 1], e: { "đat5": [0, 1] }, p: {} } };
  assert.deepEqual(kb.summarise(results("đất", index), kb.analyse("đất", meta())).absentExact, ["đất"]);
});

test("the client scores with no number of its own: every factor comes from meta.ranking", () => {
  for (const fn of [kb.score, kb.matchesFor, kb.completions, kb.rank]) {
    const literals = (fn.toString().replace(/\/\*[\s\S]*?\*\//g, "").match(/(?<![\w.])\d+(\.\d+)?(?![\w])/g) || [])
      .filter((n) => n !== "0" && n !== "1");
    assert.deepEqual(literals, [], fn.name);
  }
  for (const name of ["exact", "folded", "unmarked", "abbreviation", "prefix", "prefix_terms", "prefix_min_length",
    "phrase", "coverage_power", "order"]) {
    assert.ok(name in RANKING, name);
  }
});

test("snippets: matches marked whatever the marks typed, text around them, no word cut", () => {
  const parts = kb.snippetParts("Mô hình nuôi heo đất tiết kiệm", ["heo", "dat"]);
  assert.deepEqual(parts.filter((p) => p.mark).map((p) => p.text), ["heo đất"]);  // one phrase, one mark
  assert.equal(parts.map((p) => p.text).join(""), "Mô hình nuôi heo đất tiết kiệm");
  const long = "mở đầu ".repeat(30) + "người đứng đầu phải nêu gương " + "kết thúc ".repeat(40);
  const cut = kb.snippetParts(long, [nfd("đứng")], 120);
  const text = cut.map((p) => p.text).join("");
  assert.ok(text.startsWith("… ") && text.endsWith(" …"), text);
  assert.deepEqual(cut.filter((p) => p.mark).map((p) => p.text), ["đứng"]);
  const inner = text.slice(2, -2);
  assert.ok(long.includes(inner), inner);
  for (const word of inner.split(" ")) {
    assert.ok(["mở", "đầu", "người", "đứng", "phải", "nêu", "gương", "kết", "thúc"].includes(word), word);
  }
  assert.deepEqual(kb.snippetParts("không khớp", ["heo"]), [{ text: "không khớp", mark: false }]);
  assert.deepEqual(kb.matchRanges("Đảng và đa dạng", ["dang"]).map((r) => r.slice(0, 2)), [[0, 4], [11, 15]]);
  assert.deepEqual(kb.matchRanges("theo thể", ["the"]).map((r) => r.slice(0, 2)), [[5, 8]]);  // whole syllables
});

test("highlights: the exact form typed first, folded forms only where it is absent", () => {
  const marks = (text, query) => kb.snippetParts(text, kb.analyse(query, meta())).filter((p) => p.mark).map((p) => p.text);
  assert.deepEqual(marks("Xây dựng rồi dừng lại", "dựng"), ["dựng"]);
  assert.deepEqual(marks("Phải dừng lại", "dựng"), ["dừng"]);
  assert.deepEqual(marks("mỗi nhà một mô hình mới", "mới"), ["mới"]);
  assert.deepEqual(marks("Trường THCS Lê Lợi", "trung học cơ sở"), ["THCS"]);
  assert.deepEqual(marks("học sinh trung học cơ sở", "THCS"), ["trung học cơ sở"]);
  // the snippet opens at the longest run of matched words, not the first lone one
  const text = "cải cách " + "và những việc khác nữa ".repeat(12) + "cải cách hành chính ở xã";
  const parts = kb.snippetParts(text, kb.analyse("cải cách hành chính", meta()), 80);
  assert.ok(parts.some((p) => p.mark && p.text === "cải cách hành chính"), JSON.stringify(parts));
});

const FILTERS = goldenMeta.filters;
test("page address: Vietnamese parameters, old English names still read, written back the same", () => {
  const state = kb.readState("?q=heo+dat&tinh=tra-vinh&loai=mo-hinh&nam=2019&loai-don-vi=truong-hoc", FILTERS);
  assert.equal(state.q, "heo dat");
  assert.deepEqual(state.filters.province, ["tra-vinh"]);
  assert.deepEqual(state.filters.kind, ["mo-hinh"]);
  assert.deepEqual(state.filters.year, ["2019"]);
  assert.deepEqual(state.filters.unit_kind, ["truong-hoc"]);
  assert.deepEqual(state.filters.level, []);
  assert.equal(kb.stateQuery(state, FILTERS), "?q=heo+dat&loai=mo-hinh&tinh=tra-vinh&loai-don-vi=truong-hoc&nam=2019");
  const old = kb.readState("?province=tra-vinh&kind=kinh-nghiem", FILTERS);
  assert.deepEqual([old.filters.province, old.filters.kind], [["tra-vinh"], ["kinh-nghiem"]]);
  assert.equal(kb.stateQuery({ q: "", filters: {} }, FILTERS), "");
  assert.equal(kb.stateQuery(kb.readState("?q=%C4%91%E1%BA%A3ng+vi%C3%AAn&cap=xa", FILTERS), FILTERS),
    "?q=%C4%91%E1%BA%A3ng+vi%C3%AAn&cap=xa");
});

test("filter counts: each filter counted on the results of the others, with the total for 'all'", () => {
  const lists = {
    province: { "tra-vinh": [1, 2, 3], "ben-tre": [4, 5] },
    kind: { "mo-hinh": [1, 4], "kinh-nghiem": [2, 3, 5] },
  };
  const docs = [1, 2, 4, 5];  // what the query found
  assert.deepEqual(kb.facetCounts(docs, lists, {}), {
    province: { "": 4, "tra-vinh": 2, "ben-tre": 2 }, kind: { "": 4, "mo-hinh": 2, "kinh-nghiem": 2 },
  });
  const chosen = kb.facetCounts(docs, lists, { province: ["tra-vinh"] });
  assert.deepEqual(chosen.kind, { "": 2, "mo-hinh": 1, "kinh-nghiem": 1 });
  assert.deepEqual(chosen.province, { "": 4, "tra-vinh": 2, "ben-tre": 2 });  // still shows the other province
});

// ---- Queries on a built index (the mini corpus), through the engine the page uses ----
const INDEX = process.env.KB_SEARCH_INDEX;
const loaded = {};
const engine = INDEX ? kb.engine((path) => {
  if (!(path in loaded)) {
    let data = null;
    try { data = JSON.parse(readFileSync(join(INDEX, path), "utf8")); } catch { data = null; }
    loaded[path] = Promise.resolve(data);
  }
  return loaded[path];
}) : null;
async function titles(text, filters = {}) {
  const found = await engine.search(text, filters);
  return (await engine.details(found.map((r) => r.doc))).map((item) => item.t);
}

test("mini corpus: a model's words find it first, typed with marks or not, as a phrase", { skip: !INDEX }, async () => {
  for (const q of ["heo dat", "nuôi heo đất", "HEO ĐẤT", nfd("heo đất")]) {
    assert.equal((await titles(q))[0], "Nuôi heo đất tiết kiệm khuyến học, khuyến tài", q);
  }
});

test("mini corpus: a document's code finds it, then the units that report under it", { skip: !INDEX }, async () => {
  const found = await titles("Chỉ thị 05-CT/TW");
  assert.ok(found[0].startsWith("Chỉ thị 05-CT/TW"), found);
  assert.ok(found.slice(1, 4).includes("Huyện ủy Cầu Ngang"), found);
});

test("mini corpus: a year finds what its filter lists, first", { skip: !INDEX }, async () => {
  const meta = await engine.loadMeta();
  const facets = JSON.parse(readFileSync(join(INDEX, "facets.json"), "utf8"));
  for (const year of Object.keys(facets.facets.year)) {
    const listed = kb.decodeGaps(JSON.parse(readFileSync(join(INDEX, "f", "year", year + ".json"), "utf8")));
    const found = (await engine.search(year, {})).map((r) => r.doc);
    const records = listed.filter((doc) => doc < meta.guides);
    assert.deepEqual(found.slice(0, records.length).sort((a, b) => a - b), records, year);
  }
});

test("mini corpus: partial matches come after full ones, and are said to be", { skip: !INDEX }, async () => {
  const found = await engine.find("heo đất người đứng đầu", {});
  const flags = found.results.map((r) => r.full);
  assert.ok(flags.includes(true) && flags.includes(false));
  assert.deepEqual(flags, [...flags].sort((a, b) => b - a));
  const sum = kb.summarise(found.results, found.query);
  assert.ok(sum.full > 0 && sum.partial > 0);
  assert.deepEqual(sum.absentPhrases, ["heo đất người đứng đầu"]);
});

test("mini corpus: filters narrow, and guide pages stay on their tab", { skip: !INDEX }, async () => {
  const all = await titles("dang vien");
  const models = await titles("dang vien", { kind: ["mo-hinh"] });
  assert.ok(models.length > 0 && models.length < all.length);
  const lessons = await titles("", { kind: ["kinh-nghiem"], province: ["tra-vinh"] });
  assert.ok(lessons.length > 0);
});
