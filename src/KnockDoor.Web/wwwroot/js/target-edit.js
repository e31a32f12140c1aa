// Fills the latitude/longitude fields from the phone's location. The button stays hidden where the
// browser has no geolocation (it needs HTTPS or localhost), so nobody taps a button that can't work.
(function () {
  var button = document.getElementById('use-location');
  var status = document.getElementById('location-status');
  if (!button || !('geolocation' in navigator)) return;
  button.hidden = false;
  button.addEventListener('click', function () {
    status.textContent = '正在定位…';
    navigator.geolocation.getCurrentPosition(function (pos) {
      document.getElementById('lat').value = pos.coords.latitude.toFixed(6);
      document.getElementById('lng').value = pos.coords.longitude.toFixed(6);
      status.textContent = '已填入当前位置（精度约 ' + Math.round(pos.coords.accuracy) + ' 米）';
    }, function (err) {
      status.textContent = err.code === 1 ? '未获得定位权限，请在浏览器设置中允许' : '无法获取位置，请稍后重试或手动填写';
    }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  });
})();
