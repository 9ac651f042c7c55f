// Optional phone-camera scanner for the check-in desk: reads the QR code with the browser's
// BarcodeDetector (Chrome on Android, recent Safari), puts its content in the code field and submits.
// Without camera or BarcodeDetector the button stays hidden: typing the code or a USB scanner works.
(function () {
  "use strict";
  var button = document.getElementById("scan-qr");
  var video = document.getElementById("scan-video");
  var input = document.getElementById("id_code");
  if (!button || !video || !input) { return; }
  if (!("BarcodeDetector" in window) || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) { return; }
  button.hidden = false;
  button.addEventListener("click", function () {
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false }).then(function (stream) {
      video.srcObject = stream;
      video.hidden = false;
      video.play();
      var stop = function () { stream.getTracks().forEach(function (t) { t.stop(); }); video.hidden = true; };
      var tick = function () {
        detector.detect(video).then(function (found) {
          if (found.length) {
            stop();
            input.value = found[0].rawValue;
            input.form.submit();
          } else {
            window.requestAnimationFrame(tick);
          }
        }).catch(function () { window.requestAnimationFrame(tick); });
      };
      tick();
    }).catch(function () { button.hidden = true; });
  });
})();
