// Sinh tự động bởi kb (kb/generate/editor.py). Nạp trình soạn chỉ khi trang không nằm trong khung của trang
// khác; giao diện mặc định bằng tiếng Việt.
(function () {
  var framed = window.top !== window.self;
  document.addEventListener("DOMContentLoaded", function () {
    if (framed) {  // clickjacking: say why, never load the bundle
      document.querySelector("[data-kb-framed]").hidden = false;
      return;
    }
    var bundle = document.createElement("script");
    bundle.src = "sveltia-cms.js";
    document.body.appendChild(bundle);
  });
  try {
    var key = "sveltia-cms.prefs";
    var prefs = JSON.parse(localStorage.getItem(key) || "{}") || {};
    if (!prefs.locale) { prefs.locale = "vi"; localStorage.setItem(key, JSON.stringify(prefs)); }
  } catch (error) { /* bộ nhớ trình duyệt bị chặn: giao diện theo ngôn ngữ của trình duyệt */ }
})();
