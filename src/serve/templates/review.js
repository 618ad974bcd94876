// The keyboard flow of the review page: Ctrl+Enter (Cmd+Enter) in a translation saves it approved; the server
// then opens the page at the next segment to approve. Everything else works without this script.
document.addEventListener("keydown", function (event) {
  var box = event.target;
  if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey) || box.tagName !== "TEXTAREA" || !box.form) {
    return;
  }
  event.preventDefault();
  var approve = box.form.querySelector("button[value=approve]");
  if (box.form.requestSubmit && approve) {
    box.form.requestSubmit(approve);
  } else if (approve) {
    approve.click();
  }
});
// Put the caret at the end of the box the server focused.
var focused = document.querySelector("textarea[autofocus]");
if (focused) {
  focused.focus();
  focused.setSelectionRange(focused.value.length, focused.value.length);
}
