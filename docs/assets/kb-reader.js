/* Những việc nhỏ cho người đọc (tệp của trang, chạy dưới Content-Security-Policy, không tải gì):
   - khung Trích dẫn: ghi ngày truy cập (ngày trên máy người đọc; trang dựng sẵn không đọc đồng hồ) và hiện nút chép;
   - ô tìm kiếm đầu trang: Tab ra khỏi ô thì đóng lớp phủ kết quả;
   - trang tìm kiếm: liên kết "bỏ qua" đầu trang đưa thẳng tới ô tìm kiếm của trang;
   - bản ngoại tuyến (địa chỉ .html): biểu mẫu gửi tới đúng tệp trang tìm kiếm. */
(function () {
  "use strict";

  function two(n) { return (n < 10 ? "0" : "") + n; }

  function today() {
    var now = new Date();
    return two(now.getDate()) + "/" + two(now.getMonth() + 1) + "/" + now.getFullYear();
  }

  function citation() {
    var accessed = document.querySelector("[data-kb-accessed]");
    if (accessed) {
      accessed.textContent = ", truy cập ngày " + today();
      accessed.hidden = false;
    }
    Array.prototype.forEach.call(document.querySelectorAll("[data-kb-copy]"), function (button) {
      var target = document.getElementById(button.getAttribute("data-kb-copy"));
      var status = button.parentNode.querySelector("[role=status]");
      if (!target) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        var said = target.textContent.replace(/\s+/g, " ").trim();
        function done(ok) {
          if (status) status.textContent = ok ? "Đã chép trích dẫn." : "Không chép được: hãy chọn đoạn trích dẫn rồi chép.";
        }
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(said).then(function () { done(true); }, function () { select(target); done(false); });
        } else {
          select(target);
          done(false);
        }
      });
    });
  }

  function select(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function headerSearch() {
    var root = document.querySelector("[data-kb-header-search]");
    var toggle = document.getElementById("__search");
    if (!root || !toggle) return;
    root.addEventListener("focusout", function (event) {
      var next = event.relatedTarget;
      if (next && !root.contains(next) && toggle.checked) {
        toggle.checked = false;
        toggle.dispatchEvent(new Event("change"));
      }
    });
  }

  function searchPage() {
    var box = document.querySelector("[data-kb-search] input[name=q]");
    var skip = document.querySelector("a.md-skip");
    if (!box || !skip) return;
    if (!box.id) box.id = "kb-q";
    skip.textContent = "Đến ô tìm kiếm của trang";
    skip.setAttribute("href", "#" + box.id);
    skip.addEventListener("click", function (event) { event.preventDefault(); box.focus(); });
  }

  function offlineForms() {
    var meta = document.querySelector("meta[name='kb:directory-urls']");
    if (!meta || meta.getAttribute("content") !== "false") return;
    Array.prototype.forEach.call(document.querySelectorAll("form[data-kb-page]"), function (form) {
      form.setAttribute("action", form.getAttribute("action").replace(/\/$/, ".html"));
    });
  }

  function start() {
    citation();
    headerSearch();
    searchPage();
    offlineForms();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
