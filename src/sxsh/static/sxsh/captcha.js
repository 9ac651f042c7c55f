// "Lấy lại mã bảo mật": fetch a new CAPTCHA without reloading the form (the link reloads the page without JS).
// "Hiện mã xác nhận": with JavaScript, load the CAPTCHA fragment in place (htmx) instead of reloading the page.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("[data-captcha-load]") : null;
    if (!link || !window.htmx) { return; }
    event.preventDefault();
    var slot = document.getElementById("captcha-slot");
    if (slot) { window.htmx.trigger(slot, "captcha-load"); }
    var first = document.getElementById("id_name");
    if (first && link.hasAttribute("data-captcha-focus")) { first.focus(); }
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("[data-captcha-refresh]") : null;
    if (!link) { return; }
    event.preventDefault();
    var row = link.closest(".captcha-row");
    fetch(link.getAttribute("data-captcha-refresh"), {
      headers: { "X-Requested-With": "XMLHttpRequest" }, credentials: "same-origin"
    }).then(function (response) {
      if (!response.ok) { throw new Error("refresh failed"); }
      return response.json();
    }).then(function (data) {
      row.querySelector("[data-captcha-image]").src = data.image_url;
      var key = row.querySelector("input[type=hidden]");
      var answer = row.querySelector("input[type=text]");
      key.value = data.key;
      answer.value = "";
      answer.focus();
    }).catch(function () { window.location.href = link.href; });
  });
})();
