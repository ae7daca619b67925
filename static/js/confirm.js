// Forms that remove something ask first: <form data-confirm="Remove this row?"> is sent only
// when the person confirms (a plan part once removed withdraws both parties' approvals).
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.dataset.confirm)) event.preventDefault();
});
