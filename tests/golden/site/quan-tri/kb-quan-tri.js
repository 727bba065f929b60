// Sinh tự động bởi kb (kb/generate/editor.py). Giao diện trình soạn mặc định bằng tiếng Việt.
(function () {
  try {
    var key = "sveltia-cms.prefs";
    var prefs = JSON.parse(localStorage.getItem(key) || "{}") || {};
    if (!prefs.locale) { prefs.locale = "vi"; localStorage.setItem(key, JSON.stringify(prefs)); }
  } catch (error) { /* bộ nhớ trình duyệt bị chặn: giao diện theo ngôn ngữ của trình duyệt */ }
})();
