// The preview script of `kb serve`, added to every HTML page it serves (kb/serve/server.py):
// reloads the page after a rebuild, shows the records' errors in a banner, and links to the review page
// (/__kb/xem-lai) while drafts still carry '# CẦN XEM LẠI' marks.
(function () {
  "use strict";
  var seen = null;
  function banner(errors) {
    var old = document.getElementById("kb-preview-errors");
    if (old) old.remove();
    if (!errors.length) return;
    var box = document.createElement("div");
    box.id = "kb-preview-errors";
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;z-index:1000;left:0;right:0;top:0;max-height:50vh;overflow:auto;" +
      "background:#fff3f3;color:#600;border-bottom:3px solid #c00;padding:.8em 1.2em;font:14px/1.5 sans-serif";
    var title = document.createElement("strong");
    title.textContent = "Hồ sơ có " + errors.length + " lỗi — trang đang xem là bản dựng tốt gần nhất. " +
      "Sửa rồi lưu tệp, trang sẽ tự tải lại.";
    box.appendChild(title);
    var list = document.createElement("ul");
    errors.forEach(function (e) {
      var item = document.createElement("li");
      var where = document.createElement("code");
      where.textContent = e.path + ":" + e.line + ":" + e.column;
      item.appendChild(where);
      item.appendChild(document.createTextNode(" " + e.code + " " + e.message + (e.hint ? " — " + e.hint : "")));
      list.appendChild(item);
    });
    box.appendChild(list);
    document.body.appendChild(box);
  }
  function reviewLink(marks) {
    var old = document.getElementById("kb-preview-review");
    if (old) old.remove();
    if (!marks || location.pathname.indexOf("/__kb/xem-lai") === 0) return;
    var link = document.createElement("a");
    link.id = "kb-preview-review";
    link.href = "/__kb/xem-lai";
    link.textContent = marks + " chỗ cần xem lại trong bản nháp →";
    link.style.cssText = "position:fixed;z-index:999;right:1em;bottom:1em;background:#fff8d6;color:#4a3b00;" +
      "border:2px solid #b38f00;border-radius:4px;padding:.4em .8em;font:14px/1.4 sans-serif;text-decoration:none";
    document.body.appendChild(link);
  }
  function poll() {
    fetch("/__kb/status.json", {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (s) {
      if (seen !== null && s.generation !== seen) { location.reload(); return; }
      seen = s.generation;
      banner(s.errors);
      reviewLink(s.marks);
    }).catch(function () {}).then(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
