// Live progress of runs on the runs page: server-sent events from /api/runs/events; the history is reloaded
// when a run ends. Without JavaScript the page shows the same history, refreshed by hand.
(function () {
  var live = document.getElementById("live");
  if (!live || !window.EventSource) return;
  var bar = live.querySelector("progress");
  var label = live.querySelector("span");
  var source = new EventSource("/api/runs/events");
  source.addEventListener("progress", function (message) {
    var step = JSON.parse(message.data);
    if (step.ended) {
      source.close();
      window.location.reload();
      return;
    }
    live.hidden = false;
    bar.max = Math.max(step.total, 1);
    bar.value = step.done;
    label.textContent = step.done + " / " + step.total + (step.article ? " · " + step.article + ": " + (live.dataset[step.status] || step.status) : "");
  });
})();
