// Sinh tự động bởi kb (kb/generate/editor.py). Không chạy trong khung của trang khác; giao diện
// trình soạn mặc định bằng tiếng Việt.
(function () {
  if (window.top !== window.self) {
    window.stop();  // the bundle below is never read
    document.documentElement.textContent = "Trình soạn hồ sơ chỉ mở trực tiếp, không mở trong khung của trang khác: " +
      location.href;
    throw new Error("kb: trình soạn hồ sơ không mở trong khung");
  }
  try {
    var key = "sveltia-cms.prefs";
    var prefs = JSON.parse(localStorage.getItem(key) || "{}") || {};
    if (!prefs.locale) { prefs.locale = "vi"; localStorage.setItem(key, JSON.stringify(prefs)); }
  } catch (error) { /* bộ nhớ trình duyệt bị chặn: giao diện theo ngôn ngữ của trình duyệt */ }
})();
