// time.js: a form's date-and-time field (input[data-tz-field]) is typed in
// the writer's own time; this fills the hidden field it names with that
// time's offset from UTC in minutes (as Date.getTimezoneOffset gives it),
// so the server reads the time as meant.  Without it, the time is UTC.
'use strict';
document.addEventListener('DOMContentLoaded', () => {
	for (const input of document.querySelectorAll('input[data-tz-field]')) {
		const form = input.form;
		const hidden = form && form.elements.namedItem(input.dataset.tzField);
		if (!hidden) continue;
		const fill = () => {
			const when = input.value ? new Date(input.value) : new Date();
			hidden.value = String((Number.isNaN(when.getTime()) ? new Date() : when).getTimezoneOffset());
		};
		fill();
		input.addEventListener('change', fill);
		form.addEventListener('submit', fill);
	}
});
