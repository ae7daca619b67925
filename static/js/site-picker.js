/* Site form: a click on the map fills in the latitude and longitude fields. */
(function () {
  "use strict";
  var holder = document.querySelector("[data-site-picker]");
  var map = holder && window[holder.getAttribute("data-map")];
  if (!map) { return; }
  var latitude = document.getElementById("latitude");
  var longitude = document.getElementById("longitude");
  var marker = null;
  map.on("click", function (event) {
    var point = event.latlng.wrap();
    latitude.value = point.lat.toFixed(6);
    longitude.value = point.lng.toFixed(6);
    if (marker) { marker.setLatLng(point); } else { marker = L.marker(point).addTo(map); }
  });
}());
