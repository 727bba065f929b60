// Sinh tự động bởi kb (kb/generate/editor.py). Nạp trình soạn chỉ khi trang không nằm trong khung của trang
// khác; giao diện mặc định bằng tiếng Việt; hỏi trước khi đóng biểu mẫu đang có chữ chưa lưu (Esc, nút quay lại).
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
  var touched = false, leaving = false;
  var QUESTION = "Đóng biểu mẫu? Những gì bạn đã gõ mà chưa lưu sẽ mất.";
  function closer() { return document.querySelector('button[aria-keyshortcuts="Escape"]'); }
  function popupOpen() {
    return document.querySelector('dialog[open], [role="dialog"]:not([hidden]), [role="alertdialog"], ' +
                                  '[aria-haspopup][aria-expanded="true"]');
  }
  function mayLeave() { return !touched || leaving || window.confirm(QUESTION); }
  window.addEventListener("hashchange", function () { touched = false; leaving = false; });
  ["input", "change"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      if (event.target.closest && event.target.closest("section.field")) { touched = true; }
    }, true);
  });
  document.addEventListener("click", function (event) {
    var target = event.target.closest && event.target.closest("button, [role]");
    if (target && target.closest("section.field") && target.matches('[role="radio"], [role="checkbox"], ' +
        '[role="option"], [role="switch"], button')) { touched = true; }
    var button = closer();
    if (button && target === button && !mayLeave()) { event.stopImmediatePropagation(); event.preventDefault(); }
    else if (button && target === button) { leaving = true; }
  }, true);
  window.addEventListener("keydown", function (event) {
    var button = closer();
    if (event.key !== "Escape" || !button || popupOpen()) { return; }
    event.stopImmediatePropagation();
    event.preventDefault();
    if (mayLeave()) { leaving = true; button.click(); }
  }, true);
})();
