/* Dispatch Atlas: fetch the map's data while the map's other scripts load.
 *
 * geo.render.map loads this script first, as preload.js?data=URL, when the app serves the
 * map's data as a file (geo.render.browser.DataFiles: gzip-compressed JSON, which the browser
 * unpacks here). map.js takes the pending result from window.atlasData[URL] when it mounts.
 */
(function () {
  "use strict";

  /* The map's data at `url`, unpacked and read: a promise. */
  function loadData(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error(url + ": HTTP " + response.status);
      var unpacked = response.body.pipeThrough(new DecompressionStream("gzip"));
      return new Response(unpacked).json();
    });
  }

  window.atlasLoadData = loadData;
  window.atlasData = window.atlasData || {};
  var script = document.currentScript;
  var url = script ? new URL(script.src).searchParams.get("data") : null;
  if (url && !window.atlasData[url]) window.atlasData[url] = loadData(url);
})();
