// Polls a background job's status once a second and shows its progress, then the download link
// (an export), the result page (an import) or the message and the download button (an issued
// monthly report); a failed issue shows its error and the way to issue again.
(function () {
  var box = document.getElementById("export-job");
  if (!box) { return; }
  var bar = document.getElementById("export-progress");
  var status = document.getElementById("export-status");
  var count = document.getElementById("export-count");
  var error = document.getElementById("export-error");
  var link = document.getElementById("export-download");
  var message = document.getElementById("export-message");
  var downloadForm = document.getElementById("export-download-form");
  var again = document.getElementById("issue-again");

  function show(job) {
    if (job.result_url) {
      window.location.assign(job.result_url);
      return false;
    }
    bar.value = job.percent;
    bar.textContent = job.percent + "%";
    status.textContent = job.label;
    if (job.total) {
      count.textContent = (box.dataset.countWord || "已写入") + " " + job.done + " / " + job.total + " 件";
    }
    if (job.error) {
      error.textContent = job.error;
      error.classList.remove("d-none");
    }
    if (job.status === "failed" && again) {
      again.classList.remove("d-none");
    }
    if (job.message && message) {
      message.textContent = job.message;
      message.classList.remove("d-none");
    }
    if (job.download_url && downloadForm) {
      downloadForm.action = job.download_url;
      downloadForm.classList.remove("d-none");
    } else if (job.download_url) {
      link.href = job.download_url;
      link.textContent = "下载Excel（" + job.done + " 件）";
      link.classList.remove("d-none");
    }
    return job.status === "queued" || job.status === "running";
  }

  function poll() {
    fetch(box.dataset.statusUrl, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (job) {
        if (job === null) { return; }
        if (show(job)) { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }

  if (box.dataset.status === "queued" || box.dataset.status === "running") { window.setTimeout(poll, 500); }
})();
