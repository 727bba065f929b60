// Unit tests of the search client's pure functions (docs/assets/kb-search.js), run with `node --test tests/js/`.
// The client is a plain browser script; here it is run as a function of `module`, in this realm, so that it
// exports its pure part without a bundler, whatever package.json says about module types.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import vm from "node:vm";

const root = new URL("../../", import.meta.url);
const source = readFileSync(new URL("docs/assets/kb-search.js", root), "utf8");
const module = { exports: {} };
new vm.Script("(function (module) {" + source + "\n})", { filename: "kb-search.js" }).runInThisContext()(module);
const kb = module.exports;

// The ranking the Python side writes (golden meta.json of the mini site): the client has no numbers of its own.
const goldenMeta = JSON.parse(readFileSync(new URL("tests/golden/mini/kb-search/meta.json", root), "utf8"));
const RANKING = goldenMeta.ranking;
const nfd = (s) => s.normalize("NFD");

test("fold: no marks, đ → d, lower case, NFC or NFD alike", () => {
  assert.equal(kb.fold("Nuôi HEO ĐẤT"), "nuoi heo dat");
  assert.equal(kb.fold(nfd("người đứng đầu")), "nguoi dung dau");
  assert.equal(kb.fold("Đảng"), kb.fold("đa dạng".split(" ")[1]));
  assert.equal(kb.fold("ĂÂÊÔƠƯĐ"), "aaeooud");
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

test("postings and filters are decoded from gaps", () => {
  const seen = [];
  kb.eachPosting([3, 10, 4, 1, 5, 2], (doc, weight) => seen.push([doc, weight]));
  assert.deepEqual(seen, [[3, 10], [7, 1], [12, 2]]);
  assert.deepEqual(kb.decodeGaps([2, 3, 1, 34]), [2, 5, 6, 40]);
  assert.deepEqual(kb.decodeGaps(null), []);
});

// A tiny index by hand: term → {n, f: [gap, weight…], e: {exact key: postings}, p: {next term: postings}}.
function meta(ranking = RANKING, documents = 100, guides = 90) {
  return { documents, guides, guide_kind: "huong-dan", ranking };
}
function run(words, index, m = meta()) {
  const perWord = words.map((w) => ({ data: index[kb.fold(w)] || null, prefixes: [] }));
  return kb.rank(kb.score(words, perWord, m), m.ranking).map((r) => r.doc);
}
const without = (changes) => ({ ...RANKING, ...changes });

// Query "a b": document 0 has the phrase once; document 1 has 'a' twice and 'b' once, never side by side.
const PHRASE = {
  a: { n: 2, f: [0, 1, 1, 2], e: {}, p: { b: [0, 1] } },
  b: { n: 2, f: [0, 1, 1, 1], e: {}, p: {} },
};
test("the phrase bonus puts adjacent words first, and only it does", () => {
  assert.deepEqual(run(["a", "b"], PHRASE), [0, 1]);
  assert.deepEqual(run(["a", "b"], PHRASE, meta(without({ phrase: 0 }))), [1, 0]);
});

// Query "a b c": document 0 has all three once; document 1 has 'a' and 'b' in its title;
// document 2 has 'a' and 'b' once; document 3 has only 'a', in its title.
const COVERAGE = {
  a: { n: 4, f: [0, 1, 1, 10, 1, 1, 1, 10], e: {}, p: {} },
  b: { n: 3, f: [0, 1, 1, 10, 1, 1], e: {}, p: {} },
  c: { n: 1, f: [0, 1], e: {}, p: {} },
};
test("documents matching every word come first, and only the full-match rule does it", () => {
  assert.equal(run(["a", "b", "c"], COVERAGE)[0], 0);
  assert.equal(run(["a", "b", "c"], COVERAGE, meta(without({ full_match_first: false })))[0], 1);
});
test("among partial matches, coverage³ puts more matched words before one heavy word", () => {
  const order = run(["a", "b", "c"], COVERAGE);
  assert.ok(order.indexOf(2) < order.indexOf(3), order);
  const flat = run(["a", "b", "c"], COVERAGE, meta(without({ coverage_power: 0 })));
  assert.ok(flat.indexOf(3) < flat.indexOf(2), flat);
});

test("a word typed with marks finds its own word before the word it folds to", () => {
  // 'đất' in document 0, 'đạt' in document 1, equally often: both fold to 'dat'.
  const index = { dat: { n: 2, f: [0, 1, 1, 1], e: { "đât4": [0, 1], "đat5": [1, 1] }, p: {} } };
  assert.deepEqual(run(["đất"], index), [0, 1]);
  assert.deepEqual(run(["đạt"], index), [1, 0]);
  assert.deepEqual(run(["đất"], index, meta(without({ exact: RANKING.folded }))), [0, 1]);  // a tie: document order
  assert.deepEqual(run(["đạt"], index, meta(without({ exact: RANKING.folded }))), [0, 1]);
  assert.deepEqual(kb.matchesFor("dat", index.dat, [], RANKING), { 0: RANKING.unmarked, 1: RANKING.unmarked });
  assert.deepEqual(kb.matchesFor("đất", index.dat, [], RANKING), { 0: RANKING.exact, 1: RANKING.folded });
});

test("completions of the last word: only longer syllables with that start, at most the prefix budget", () => {
  const vocabulary = Array.from({ length: 30 }, (_, i) => "kh" + String.fromCharCode(97 + (i % 26)) + i);
  assert.equal(kb.completions("kh", ["kh", ...vocabulary], RANKING).length, RANKING.prefix_terms);
  assert.deepEqual(kb.completions("khu", ["khu", "khuyen", "khuon", "kho"], RANKING), ["khuyen", "khuon"]);
  assert.deepEqual(kb.completions("k", ["khuyen"], RANKING), []);  // shorter than prefix_min_length
  assert.deepEqual(kb.completions("khú", ["khuc"], RANKING), []);  // typed with marks: no completion
  const index = { khuyen: { n: 1, f: [4, 10], e: {}, p: {} } };
  assert.deepEqual(kb.matchesFor("khu", null, [index.khuyen], RANKING), { 4: 10 * RANKING.prefix });
});

test("guide pages are scored down and left out unless their own tab asks for them", () => {
  const index = { a: { n: 2, f: [5, 1, 90, 1], e: {}, p: {} } };
  const m = meta();
  const scored = kb.score(["a"], [{ data: index.a }], m);
  const guide = scored.find((r) => r.doc === 95), record = scored.find((r) => r.doc === 5);
  assert.equal(guide.score, record.score * RANKING.guide);
  assert.deepEqual(kb.inGroup(scored, {}, m).map((r) => r.doc), [5]);
  assert.deepEqual(kb.inGroup(scored, { kind: ["huong-dan"] }, m).map((r) => r.doc), [5, 95]);
  assert.equal(kb.wantsGuides({ kind: ["huong-dan"] }, m), true);
  assert.equal(kb.wantsGuides({ kind: [] }, m), false);
});

test("the client scores with no number of its own: every factor comes from meta.ranking", () => {
  for (const fn of [kb.score, kb.matchesFor, kb.completions, kb.rank]) {
    const literals = (fn.toString().replace(/\/\*[\s\S]*?\*\//g, "").match(/(?<![\w.])\d+(\.\d+)?(?![\w])/g) || [])
      .filter((n) => n !== "0" && n !== "1");
    assert.deepEqual(literals, [], fn.name);
  }
  for (const name of ["exact", "folded", "unmarked", "prefix", "prefix_terms", "prefix_min_length", "phrase",
    "coverage_power", "full_match_first", "guide"]) {
    assert.ok(name in RANKING, name);
  }
});

test("snippets: matches marked whatever the marks typed, text around them, no word cut", () => {
  const parts = kb.snippetParts("Mô hình nuôi heo đất tiết kiệm", ["heo", "dat"]);
  assert.deepEqual(parts.filter((p) => p.mark).map((p) => p.text), ["heo", "đất"]);
  assert.equal(parts.map((p) => p.text).join(""), "Mô hình nuôi heo đất tiết kiệm");
  const long = "mở đầu ".repeat(30) + "người đứng đầu phải nêu gương " + "kết thúc ".repeat(40);
  const cut = kb.snippetParts(long, [nfd("đứng")], 120);
  const text = cut.map((p) => p.text).join("");
  assert.ok(text.startsWith("… ") && text.endsWith(" …"), text);
  assert.deepEqual(cut.filter((p) => p.mark).map((p) => p.text), ["đứng"]);
  const inner = text.slice(2, -2);
  assert.ok(long.includes(inner), inner);
  const words = inner.split(" ");
  for (const word of words) assert.ok(["mở", "đầu", "người", "đứng", "phải", "nêu", "gương", "kết", "thúc"].includes(word), word);
  assert.deepEqual(kb.snippetParts("không khớp", ["heo"]), [{ text: "không khớp", mark: false }]);
  assert.deepEqual(kb.matchRanges("Đảng và đa dạng", ["dang"]), [[0, 4], [11, 15]]);
  assert.deepEqual(kb.matchRanges("theo thể", ["the"]), [[5, 8]]);  // whole syllables only
});

const FILTERS = goldenMeta.filters;
test("page address: Vietnamese parameters, old English names still read, written back the same", () => {
  const state = kb.readState("?q=heo+dat&tinh=tra-vinh&loai=mo-hinh&nam=2019", FILTERS);
  assert.equal(state.q, "heo dat");
  assert.deepEqual(state.filters.province, ["tra-vinh"]);
  assert.deepEqual(state.filters.kind, ["mo-hinh"]);
  assert.deepEqual(state.filters.year, ["2019"]);
  assert.deepEqual(state.filters.level, []);
  assert.equal(kb.stateQuery(state, FILTERS), "?q=heo+dat&loai=mo-hinh&tinh=tra-vinh&nam=2019");
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
